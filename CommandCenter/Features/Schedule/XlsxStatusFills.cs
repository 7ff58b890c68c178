using System.IO.Compression;
using System.Xml.Linq;
using CommandCenter.Domain;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// Colours the road status cells of a workbook MiniExcel wrote (it has no per-cell style): one fill and font per colour is
/// added to <c>xl/styles.xml</c>, and each status cell of the sheet points at its colour's style. The word stays in the
/// cell, so the status reads the same without colour (a black-and-white print, a screen reader).
/// </summary>
public static class XlsxStatusFills
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Excel's own Bad / Neutral / Good cell styles: (fill, font) as ARGB.</summary>
    public static (string Fill, string Font) ColoursOf(RoadStatusColour colour) => colour switch
    {
        RoadStatusColour.Red => ("FFFFC7CE", "FF9C0006"),
        RoadStatusColour.Amber => ("FFFFEB9C", "FF9C5700"),
        _ => ("FFC6EFCE", "FF006100"),
    };

    /// <param name="workbook">The whole workbook, readable, writable and seekable.</param>
    /// <param name="sheetNumber">1 for the first sheet (<c>xl/worksheets/sheet1.xml</c>).</param>
    /// <param name="column">The status column, 0 = A.</param>
    /// <param name="rows">The colour of each data row, in order, the header row not counted.</param>
    public static void Apply(Stream workbook, int sheetNumber, int column, IReadOnlyList<RoadStatusColour> rows)
    {
        workbook.Position = 0;
        using var zip = new ZipArchive(workbook, ZipArchiveMode.Update, leaveOpen: true);
        var styles = Load(zip, "xl/styles.xml");
        var sheet = Load(zip, $"xl/worksheets/sheet{sheetNumber}.xml");
        var columnName = ColumnName(column);
        var cells = sheet.Descendants(Main + "row")
            .Select(row => row.Elements(Main + "c").FirstOrDefault(c => (string?)c.Attribute("r") == $"{columnName}{(string?)row.Attribute("r")}"))
            .Skip(1) // the header row
            .ToList();
        if (cells.Count != rows.Count || cells.Any(c => c is null))
            throw new InvalidOperationException($"The sheet has {cells.Count} status cells in column {columnName} for {rows.Count} rows.");

        var styleOf = new Dictionary<RoadStatusColour, int>();
        foreach (var (cell, colour) in cells.Zip(rows))
        {
            if (!styleOf.TryGetValue(colour, out var style))
                styleOf[colour] = style = AddStyle(styles, (int?)cell!.Attribute("s") ?? 0, ColoursOf(colour));
            cell!.SetAttributeValue("s", style);
        }
        Save(zip, "xl/styles.xml", styles);
        Save(zip, $"xl/worksheets/sheet{sheetNumber}.xml", sheet);
    }

    /// <summary>A copy of cell style <paramref name="basedOn"/> with a solid fill and a bold font in the given colours; its index.</summary>
    private static int AddStyle(XDocument styles, int basedOn, (string Fill, string Font) colours)
    {
        var sheetStyles = styles.Root!;
        var fills = sheetStyles.Element(Main + "fills")!;
        fills.Add(new XElement(Main + "fill", new XElement(Main + "patternFill", new XAttribute("patternType", "solid"),
            new XElement(Main + "fgColor", new XAttribute("rgb", colours.Fill)), new XElement(Main + "bgColor", new XAttribute("indexed", 64)))));
        var fonts = sheetStyles.Element(Main + "fonts")!;
        fonts.Add(new XElement(Main + "font", new XElement(Main + "b"), new XElement(Main + "sz", new XAttribute("val", 11)),
            new XElement(Main + "color", new XAttribute("rgb", colours.Font))));
        var cellStyles = sheetStyles.Element(Main + "cellXfs")!;
        var style = new XElement(cellStyles.Elements(Main + "xf").ElementAt(basedOn));
        style.SetAttributeValue("fillId", fills.Elements(Main + "fill").Count() - 1);
        style.SetAttributeValue("fontId", fonts.Elements(Main + "font").Count() - 1);
        style.SetAttributeValue("applyFill", 1);
        style.SetAttributeValue("applyFont", 1);
        cellStyles.Add(style);
        foreach (var list in new[] { fills, fonts, cellStyles })
            list.SetAttributeValue("count", list.Elements().Count());
        return cellStyles.Elements(Main + "xf").Count() - 1;
    }

    private static string ColumnName(int column) =>
        column < 26 ? ((char)('A' + column)).ToString() : ColumnName(column / 26 - 1) + (char)('A' + column % 26);

    private static XDocument Load(ZipArchive zip, string part)
    {
        var entry = zip.GetEntry(part) ?? throw new InvalidOperationException($"The workbook has no {part}.");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static void Save(ZipArchive zip, string part, XDocument document)
    {
        zip.GetEntry(part)!.Delete();
        using var stream = zip.CreateEntry(part, CompressionLevel.Fastest).Open();
        document.Save(stream, SaveOptions.DisableFormatting);
    }
}
