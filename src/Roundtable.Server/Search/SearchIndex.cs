using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Roundtable.Server.Search;

/// <summary>A stretch of a title or snippet, found (matching the query) or not: the page marks it, set as text.</summary>
public sealed record SearchSegment(string Text, bool Hit);

public sealed record SearchHit(string Id, string Kind, string CohortId, string Title, string Link, IReadOnlyList<SearchSegment> TitleSegments, IReadOnlyList<SearchSegment> Snippet);

/// <param name="Roundtables">The roundtables whose transcripts hold any of the matches (not only the best), to be checked for the searcher.</param>
public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits, TimeSpan Took, IReadOnlyCollection<string> Roundtables);

/// <summary>
/// The inverted index of everything searchable, a Lucene index in its own folder: a projection of the log like the read
/// models (the position it holds is stored with each commit, so a restart goes on from there and a missing folder is
/// rebuilt from the start of the log). Queries are filtered to the cohorts the searcher belongs to. Thread-safe.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string PositionKey = "position";
    private const string RoundtableField = "roundtable";
    private const int SnippetChars = 160;
    // Marks around found words in the highlighter's output, then split into segments: never in indexed text.
    private const char HitStart = '\u0002';
    private const char HitEnd = '\u0003';

    private readonly FSDirectory _directory;
    private readonly StandardAnalyzer _analyzer = new(Version);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;
    // Written only by the one indexing thread.
    private long _committedPosition;

    /// <summary>How far the index may follow the log without a commit when nothing searchable changed.</summary>
    private const long UncommittedEvents = 10_000;

    public SearchIndex(string path)
    {
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        _searchers = new SearcherManager(_writer, true, null);
        _position = _writer.CommitData.TryGetValue(PositionKey, out var stored) ? long.Parse(stored, CultureInfo.InvariantCulture) : 0;
        _committedPosition = _position;
    }

    /// <summary>The position of the last event on the log the index holds (0: none, it is to be built from the start).</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Puts and removes documents, then records <paramref name="position"/> with them in one commit.</summary>
    public void Apply(IReadOnlyCollection<SearchChange> changes, long position)
    {
        // Most of the log (chat, presence) changes nothing here: then the position is committed only now and then, so
        // a busy room costs no disk writes, and a restart reads at most that much of the log again.
        if (changes.Count == 0 && position - _committedPosition < UncommittedEvents)
        {
            Advance(position);
            return;
        }
        foreach (var change in changes)
        {
            if (change.Document is { } document)
            {
                _writer.UpdateDocument(new Term("id", change.Id), ToLucene(document));
            }
            else
            {
                _writer.DeleteDocuments(new Term("id", change.Id));
            }
        }
        _writer.SetCommitData(new Dictionary<string, string> { [PositionKey] = position.ToString(CultureInfo.InvariantCulture) });
        _writer.Commit();
        _committedPosition = position;
        _searchers.MaybeRefresh();
        Advance(position);
    }

    private void Advance(long position)
    {
        Interlocked.Exchange(ref _position, position);
        Interlocked.Exchange(ref _advanced, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until the index holds the log up to <paramref name="position"/>.</summary>
    public async Task WaitForAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (Position < position)
        {
            var advanced = Volatile.Read(ref _advanced).Task;
            if (Position >= position)
            {
                return;
            }
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            try
            {
                await advanced.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The best matches of <paramref name="text"/> (every word must appear, in the title or the text; Lucene's query
    /// syntax is taken as plain words) among the documents of <paramref name="cohortIds"/> (null: every cohort), leaving
    /// out those of the <paramref name="unreadableRoundtables"/>.
    /// </summary>
    public SearchResults Search(string text, IReadOnlyCollection<string>? cohortIds, int max, IReadOnlyCollection<string>? unreadableRoundtables = null)
    {
        var clock = Stopwatch.StartNew();
        if (cohortIds is { Count: 0 } || Parse(text) is not { } words)
        {
            return new SearchResults(0, [], clock.Elapsed, []);
        }
        var query = new BooleanQuery { { words, Occur.MUST } };
        if (cohortIds is not null)
        {
            var cohorts = new BooleanQuery();
            foreach (var cohortId in cohortIds)
            {
                cohorts.Add(new TermQuery(new Term("cohort", cohortId)), Occur.SHOULD);
            }
            query.Add(cohorts, Occur.MUST);
        }
        if (unreadableRoundtables is { Count: > 0 })
        {
            var unreadable = new FieldCacheTermsFilter(RoundtableField, [.. unreadableRoundtables.Select(id => new BytesRef(id))]);
            query.Add(new ConstantScoreQuery(unreadable), Occur.MUST_NOT);
        }
        var searcher = _searchers.Acquire();
        try
        {
            // One pass finds the best and every roundtable among all the matches.
            var best = TopScoreDocCollector.Create(Math.Max(1, max), true);
            var roundtables = new RoundtableCollector();
            searcher.Search(query, MultiCollector.Wrap(best, roundtables));
            var top = best.GetTopDocs();
            var hits = top.ScoreDocs.Take(max).Select(scored => ToHit(searcher.Doc(scored.Doc), words)).ToList();
            return new SearchResults(top.TotalHits, hits, clock.Elapsed, roundtables.Found);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private Query? Parse(string text)
    {
        var parser = new MultiFieldQueryParser(Version, ["title", "text"], _analyzer) { DefaultOperator = Operator.AND };
        try
        {
            var query = parser.Parse(QueryParserBase.Escape(text.Trim()));
            return query is BooleanQuery { Clauses.Count: 0 } ? null : query;
        }
        catch (ParseException)
        {
            return null;
        }
    }

    private SearchHit ToHit(Document document, Query words)
    {
        var title = document.Get("title") ?? "";
        var text = document.Get("text") ?? "";
        var snippet = Highlight(words, "text", text, 2);
        if (snippet.Count == 0)
        {
            snippet = [new SearchSegment(text.Length <= SnippetChars ? text : text[..SnippetChars] + "…", false)];
        }
        var titleSegments = Highlight(words, "title", title, 1);
        return new SearchHit(document.Get("id"), document.Get("kind"), document.Get("cohort"), title, document.Get("link"),
            titleSegments.Count == 0 ? [new SearchSegment(title, false)] : titleSegments, snippet);
    }

    /// <summary>The best fragments of <paramref name="text"/> with the query's words marked, as segments; none when it has no match.</summary>
    private List<SearchSegment> Highlight(Query words, string field, string text, int fragments)
    {
        var scorer = new QueryScorer(words, field);
        var highlighter = new Highlighter(new SimpleHTMLFormatter(HitStart.ToString(), HitEnd.ToString()), scorer)
        {
            TextFragmenter = field == "title" ? new NullFragmenter() : new SimpleSpanFragmenter(scorer, SnippetChars),
        };
        var best = highlighter.GetBestFragments(_analyzer, field, text, fragments);
        var segments = new List<SearchSegment>();
        for (var i = 0; i < best.Length; i++)
        {
            if (i > 0)
            {
                segments.Add(new SearchSegment(" … ", false));
            }
            var hit = false;
            foreach (var part in best[i].Split([HitStart, HitEnd]))
            {
                if (part.Length > 0)
                {
                    segments.Add(new SearchSegment(part, hit));
                }
                hit = !hit;
            }
        }
        return segments;
    }

    private static Document ToLucene(SearchDocument document)
    {
        static string Clean(string text) => text.Replace(HitStart, ' ').Replace(HitEnd, ' ');
        Document lucene =
        [
            new StringField("id", document.Id, Field.Store.YES),
            new StringField("kind", document.Kind, Field.Store.YES),
            new StringField("cohort", document.CohortId, Field.Store.YES),
            new StoredField("link", document.Link),
            new TextField("title", Clean(document.Title), Field.Store.YES),
            new TextField("text", Clean(document.Text), Field.Store.YES),
        ];
        if (document.RoundtableId is { } roundtableId)
        {
            // Doc values: read per match while searching, without loading the stored document.
            lucene.Add(new SortedDocValuesField(RoundtableField, new BytesRef(roundtableId)));
        }
        return lucene;
    }

    /// <summary>The distinct roundtables of the matching documents that belong to one.</summary>
    private sealed class RoundtableCollector : ICollector
    {
        private readonly HashSet<string> _found = new(StringComparer.Ordinal);
        // Per segment, the ords seen: a few roundtables among many matches, each read as text once.
        private readonly HashSet<int> _ords = [];
        private SortedDocValues? _values;

        public IReadOnlyCollection<string> Found
        {
            get
            {
                ReadOrds();
                return _found;
            }
        }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            ReadOrds();
            _values = context.AtomicReader.GetSortedDocValues(RoundtableField);
        }

        public void Collect(int doc)
        {
            if (_values?.GetOrd(doc) is >= 0 and var ord)
            {
                _ords.Add(ord);
            }
        }

        private void ReadOrds()
        {
            var value = new BytesRef();
            foreach (var ord in _ords)
            {
                _values!.LookupOrd(ord, value);
                _found.Add(value.Utf8ToString());
            }
            _ords.Clear();
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
