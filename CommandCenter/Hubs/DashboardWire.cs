using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommandCenter.Domain.Dashboard;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CommandCenter.Hubs;

/// <summary>
/// What the dashboard hub sends, in one form for every protocol: the snapshot's JSON document (the members and values of
/// <c>GET /api/v1/dashboard</c>) as a tree of maps, lists and plain values, so a MessagePack client receives the same names
/// and values as a JSON one. A delta is an RFC 7386 JSON Merge Patch from one version's document to the next.
/// </summary>
public sealed class DashboardWire(IOptions<JsonHubProtocolOptions> json)
{
    private readonly object _gate = new();
    private (long Version, IReadOnlyDictionary<string, object?> Document, JsonObject Json)? _last;

    /// <summary>The document of a snapshot; the last one is kept, so every connection and broadcast of a version shares it.</summary>
    public IReadOnlyDictionary<string, object?> Document(DashboardSnapshot snapshot) => Entry(snapshot).Document;

    /// <summary>
    /// The delta from <paramref name="previous"/> to <paramref name="current"/>: the merge patch of their documents, with
    /// both versions so a client applies it only to the version it holds. Null when the patch is not smaller than the
    /// whole document (a rebuild that changed most figures): then the document itself is the cheaper message.
    /// </summary>
    public DashboardDelta? Delta(DashboardSnapshot previous, DashboardSnapshot current)
    {
        var before = JsonSerializer.SerializeToNode(previous, json.Value.PayloadSerializerOptions)!.AsObject();
        var after = Entry(current).Json;
        var patch = MergePatch.Diff(before, after);
        if (patch.ToJsonString().Length >= after.ToJsonString().Length) return null;
        return new DashboardDelta(previous.Version, current.Version, (IReadOnlyDictionary<string, object?>)MergePatch.ToPlain(patch)!);
    }

    private (long Version, IReadOnlyDictionary<string, object?> Document, JsonObject Json) Entry(DashboardSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_last is { } last && last.Version == snapshot.Version) return last;
            var node = JsonSerializer.SerializeToNode(snapshot, json.Value.PayloadSerializerOptions)!.AsObject();
            _last = (snapshot.Version, (IReadOnlyDictionary<string, object?>)MergePatch.ToPlain(node)!, node);
            return _last.Value;
        }
    }
}

/// <summary>The hub's <c>delta</c> message: apply <see cref="Patch"/> (RFC 7386) to the document of version <see cref="From"/> to get version <see cref="To"/>.</summary>
public sealed record DashboardDelta(long From, long To, IReadOnlyDictionary<string, object?> Patch)
{
    /// <summary>The message as sent, with the document's camelCase names in either protocol: <c>{from, to, patch}</c>.</summary>
    public IReadOnlyDictionary<string, object?> Message() => new Dictionary<string, object?> { ["from"] = From, ["to"] = To, ["patch"] = Patch };
}

/// <summary>JSON Merge Patch (RFC 7386): the patch between two documents, its application, and plain values for any protocol.</summary>
public static class MergePatch
{
    /// <summary>
    /// The patch that turns <paramref name="from"/> into <paramref name="to"/>: members that changed (objects patched member
    /// by member, anything else replaced whole, arrays included) and members removed as null. A member whose new value is
    /// null is therefore removed: a client reads a missing member as null.
    /// </summary>
    public static JsonObject Diff(JsonObject from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (name, _) in from)
            if (!to.ContainsKey(name)) patch[name] = null;
        foreach (var (name, value) in to)
        {
            var old = from.TryGetPropertyValue(name, out var o) ? o : null;
            if (from.ContainsKey(name) && JsonNode.DeepEquals(old, value)) continue;
            patch[name] = old is JsonObject oldObject && value is JsonObject newObject ? Diff(oldObject, newObject) : value?.DeepClone();
        }
        return patch;
    }

    /// <summary>Applies a patch as RFC 7386 section 2 says (the target is not changed; a new document is returned).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members) return patch?.DeepClone();
        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result.TryGetPropertyValue(name, out var current) ? current : null, value);
        }
        return result;
    }

    /// <summary>A JSON tree as maps, lists, strings, booleans, longs and doubles: what both hub protocols serialize as such.</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(m => m.Key, m => ToPlain(m.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(node.AsValue()),
            _ => null,
        },
    };

    /// <summary>A whole number as a long (a count stays an integer in MessagePack), any other as a double.</summary>
    private static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        // Boxed apart: "? whole : double" would make every number a double.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
