using CommandCenter.Features.Live;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// The change feed's watermark (<see cref="FeedWatermark"/>) without a server: its rule on its own, and a model of SQL
/// Server's rowversions in which transactions commit in any order — the feed read as the tailer reads it (bound first, then
/// the rows below it) delivers every committed row, where the id cursor it replaced skips some.
/// </summary>
public class FeedWatermarkTests
{
    [Fact]
    public void Next_Sqlite_MovesToTheLastRowOrStays()
    {
        Assert.Equal(12, FeedWatermark.Next(7, [9, 12], 5000, bound: null));
        Assert.Equal(7, FeedWatermark.Next(7, [], 5000, bound: null));
    }

    [Fact]
    public void Next_SqlServerReadNotFull_MovesJustBelowTheBound()
    {
        // Rows 9 and 12 read, 13 to 19 were rolled back or belong to other tables: nothing below 20 can appear any more.
        Assert.Equal(19, FeedWatermark.Next(7, [9, 12], 5000, bound: 20));
        Assert.Equal(19, FeedWatermark.Next(7, [], 5000, bound: 20));
    }

    [Fact]
    public void Next_SqlServerFullRead_StopsAtTheLastRow()
    {
        // A full read leaves rows between 12 and the bound unread.
        Assert.Equal(12, FeedWatermark.Next(7, [9, 12], 2, bound: 20));
    }

    [Fact]
    public void Next_BoundBelowThePosition_NeverMovesBack()
    {
        Assert.Equal(30, FeedWatermark.Next(30, [], 5000, bound: 20));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Feed_TransactionsCommittingOutOfOrder_DeliversEveryCommittedRowOnce(int seed)
    {
        var (delivered, committed) = Run(seed, (db, after) => db.ReadBelowActive(after, take: 3));

        Assert.Equal(committed.Order(), delivered.Order());
    }

    [Fact]
    public void Feed_IdCursorItReplaced_SkipsARowCommittedLate()
    {
        // The model can fail: reading "id > @last" without the bound passes a row that commits after a later one.
        var (delivered, committed) = Run(1, (db, after) => db.ReadCommittedAfter(after, take: 3));

        Assert.NotEqual(committed.Order(), delivered.Order());
    }

    private static (List<long> Delivered, List<long> Committed) Run(int seed, Func<Database, long, (List<long> Rows, long Position)> read)
    {
        var random = new Random(seed);
        var db = new Database();
        var open = new List<int>();
        var delivered = new List<long>();
        long position = 0;
        for (var step = 0; step < 2000; step++)
        {
            switch (random.Next(5))
            {
                case 0:
                    open.Add(db.Begin());
                    break;
                case 1 when open.Count > 0:
                    db.Insert(open[random.Next(open.Count)]);
                    break;
                case 2 when open.Count > 0:
                    var i = random.Next(open.Count);
                    if (random.Next(8) == 0) db.RollBack(open[i]);
                    else db.Commit(open[i]);
                    open.RemoveAt(i);
                    break;
                default:
                    (var rows, position) = read(db, position);
                    delivered.AddRange(rows);
                    break;
            }
        }
        foreach (var t in open) db.Commit(t);
        while (true)
        {
            (var rows, position) = read(db, position);
            if (rows.Count == 0) break;
            delivered.AddRange(rows);
        }
        return (delivered, db.Committed().ToList());
    }

    /// <summary>Rowversions as SQL Server hands them out: one counter for the database, taken at each write, seen at commit.</summary>
    private sealed class Database
    {
        private long _rowVersion;
        private int _transactions;
        private readonly Dictionary<int, List<long>> _inFlight = [];
        private readonly SortedSet<long> _committed = [];

        public int Begin()
        {
            _inFlight[++_transactions] = [];
            return _transactions;
        }

        public void Insert(int transaction) => _inFlight[transaction].Add(++_rowVersion);

        public void Commit(int transaction)
        {
            foreach (var rv in _inFlight[transaction]) _committed.Add(rv);
            _inFlight.Remove(transaction);
        }

        public void RollBack(int transaction) => _inFlight.Remove(transaction);

        public IEnumerable<long> Committed() => _committed;

        /// <summary>MIN_ACTIVE_ROWVERSION(): the lowest rowversion a transaction in flight holds, else the next one.</summary>
        private long MinActiveRowVersion() => _inFlight.Values.SelectMany(v => v).DefaultIfEmpty(_rowVersion + 1).Min();

        /// <summary>The tailer's read: the bound first, then the committed rows after the position and below the bound.</summary>
        public (List<long>, long) ReadBelowActive(long after, int take)
        {
            var bound = MinActiveRowVersion();
            var rows = _committed.Where(rv => rv > after && rv < bound).Take(take).ToList();
            return (rows, FeedWatermark.Next(after, rows, take, bound));
        }

        /// <summary>The old read: every committed row after the position, the position moved to the last one.</summary>
        public (List<long>, long) ReadCommittedAfter(long after, int take)
        {
            var rows = _committed.Where(rv => rv > after).Take(take).ToList();
            return (rows, FeedWatermark.Next(after, rows, take, bound: null));
        }
    }
}
