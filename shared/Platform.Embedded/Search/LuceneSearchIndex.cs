using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Platform.Core.Search;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Platform.Embedded.Search;

/// <summary>
/// The embedded search index: Lucene.NET in a folder under the data path. Every write is committed (so it survives a restart)
/// and the near-real-time searcher is refreshed before the write returns, so the next search sees it.
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const int TitleFragment = 100;
    private const int BodyFragment = 80;

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly NoteQueries _queries;
    private readonly SearchRanking _ranking;
    private readonly TimeProvider _clock;
    private readonly bool _queryUnderstanding;

    // One writer at a time, so carrying counters over on upsert cannot race a counter update.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public LuceneSearchIndex(string path, SearchRanking ranking, TimeProvider clock)
        : this(FSDirectory.Open(path), ranking, clock)
    {
    }

    /// <param name="queryUnderstanding">
    /// False only to measure what query understanding buys (the search-quality benchmark and its test): no folding of
    /// full-width or Traditional text, no synonyms, no pinyin, no partial matches; every word must match as typed.
    /// </param>
    internal LuceneSearchIndex(LuceneDirectory directory, SearchRanking ranking, TimeProvider clock, bool queryUnderstanding = true)
    {
        _directory = directory;
        _ranking = ranking;
        _clock = clock;
        _queryUnderstanding = queryUnderstanding;
        _analyzer = NoteFields.CreateAnalyzer(normalize: queryUnderstanding);
        _queries = new NoteQueries(_analyzer);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(NoteFields.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
        });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
        AddRankingFields();
    }

    /// <summary>
    /// An index written before views and the smoothed rate were ranking fields, or before pinyin: rewrites its documents once
    /// from their stored fields and counters (Lucene updates a numeric doc value in place only for a field the index already has).
    /// </summary>
    private void AddRankingFields()
    {
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            // Also an index written before titles had pinyin fields (every document has one, even when it holds no token).
            var fields = MultiFields.GetMergedFieldInfos(reader);
            if (reader.NumDocs == 0 || (fields.FieldInfo(NoteFields.EngagementRate) is not null && fields.FieldInfo(NoteFields.TitleInitials) is not null))
            {
                return;
            }

            var live = MultiFields.GetLiveDocs(reader);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                var stored = searcher.Doc(doc);
                var note = new NoteSearchDocument
                {
                    Id = stored.Get(NoteFields.Id),
                    AuthorId = stored.Get(NoteFields.AuthorId),
                    Title = stored.Get(NoteFields.Title),
                    Body = stored.Get(NoteFields.Body),
                    Topics = stored.GetValues(NoteFields.Topics),
                    Sponsored = stored.GetField(NoteFields.Sponsored)?.GetInt32Value() == 1,
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(stored.GetField(NoteFields.CreatedAt)?.GetInt64Value() ?? 0),
                };
                var counts = ReadCounts(reader, doc);
                _writer.UpdateDocument(IdTerm(note.Id), ToLucene(note, counts, _ranking.EngagementRate(counts)));
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }

        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Loads the analysers' dictionaries now, so the first real query or write does not pay for it.</summary>
    public void Warm() => _queries.Needles(["夏天防晒霜推荐 warm up"]);

    /// <inheritdoc/>
    public Task UpsertAsync(IReadOnlyCollection<NoteSearchDocument> documents, CancellationToken cancellationToken) =>
        WriteAsync(searcher =>
        {
            foreach (var document in documents)
            {
                var counts = document.Engagement ?? FindCounts(searcher, document.Id) ?? EngagementCounts.Zero;
                _writer.UpdateDocument(IdTerm(document.Id), ToLucene(document, counts, _ranking.EngagementRate(counts)));
            }
        }, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyCollection<string> noteIds, CancellationToken cancellationToken) =>
        WriteAsync(_ => _writer.DeleteDocuments(noteIds.Select(IdTerm).ToArray()), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateEngagementAsync(IReadOnlyCollection<EngagementUpdate> updates, CancellationToken cancellationToken) =>
        WriteAsync(searcher =>
        {
            foreach (var update in updates)
            {
                // Only notes in the index: a counter must not resurrect a removed note (and Lucene needs the field to exist).
                if (FindDoc(searcher, update.NoteId) < 0)
                {
                    continue;
                }

                var id = IdTerm(update.NoteId);
                var counts = update.Counts;
                _writer.UpdateNumericDocValue(id, NoteFields.Likes, counts.Likes);
                _writer.UpdateNumericDocValue(id, NoteFields.Collects, counts.Collects);
                _writer.UpdateNumericDocValue(id, NoteFields.Comments, counts.Comments);
                _writer.UpdateNumericDocValue(id, NoteFields.Shares, counts.Shares);
                _writer.UpdateNumericDocValue(id, NoteFields.Popularity, counts.Popularity);
                _writer.UpdateNumericDocValue(id, NoteFields.Views, counts.Views);
                _writer.UpdateNumericDocValue(id, NoteFields.EngagementRate, ScaledRate(_ranking.EngagementRate(counts)));
            }
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<SearchResult> SearchAsync(NoteSearchQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queryUnderstanding)
        {
            return Search(query, _queries.Text(query.Terms, SearchMatch.Exact), classify: false);
        }

        var expands = QueryUnderstanding.Expands(QueryUnderstanding.Clauses(query.Terms));
        var result = await RelaxedMatching.SearchAsync(query,
            exact => Task.FromResult(Search(exact, _queries.Text(exact.Terms), expands)),
            (partial, excluded) => Task.FromResult(Search(partial, _queries.Partial(partial.Terms, excluded), classify: false)));
        return result.Total < RelaxedMatching.MinimumExactHits && Spelling.Candidates(query.Terms).Count > 0
            ? result with { DidYouMean = DidYouMean(query.Terms) }
            : result;
    }

    /// <summary>
    /// Corrections for the query's Latin words that no note has: the closest word of the same fields within a few edits
    /// (Lucene's fuzzy term enumeration over the bigram fields, which keep Latin words whole and unstemmed).
    /// </summary>
    private string? DidYouMean(IReadOnlyList<string> terms)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var word in Spelling.Candidates(terms))
            {
                if (VocabularyFields.Any(f => reader.DocFreq(new Term(f, word)) > 0))
                {
                    continue;
                }

                var near = new List<(string, long)>();
                foreach (var field in VocabularyFields)
                {
                    // One rewrite step: the fuzzy query's expansion into the index's terms (a full rewrite would fold a single
                    // term's Boolean query into that term).
                    var expanded = new FuzzyQuery(new Term(field, word), Spelling.MaxEdits(word.Length), prefixLength: 1).Rewrite(reader);
                    var found = expanded switch
                    {
                        BooleanQuery any => any.Clauses.Select(c => c.Query).OfType<TermQuery>(),
                        TermQuery one => [one],
                        _ => [],
                    };
                    near.AddRange(found.Select(t => (t.Term.Text, (long)reader.DocFreq(t.Term))));
                }

                if (Spelling.Closest(word, near) is { } closest)
                {
                    corrections[word] = closest;
                }
            }

            return Spelling.Rewrite(terms, corrections);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static readonly string[] VocabularyFields = [NoteFields.TitleGrams, NoteFields.TopicsGrams, NoteFields.BodyGrams];

    private SearchResult Search(NoteSearchQuery query, Query text, bool classify)
    {
        var filter = NoteQueries.Topics(query.Topics);
        var (scored, sort) = query.Sort switch
        {
            SearchSort.Latest => (text, new Sort(Newest)),
            SearchSort.Popular => (text, new Sort(new SortField(NoteFields.EngagementRate, SortFieldType.INT64, reverse: true), Newest)),
            // By score alone: the freshness boost already separates notes that match alike.
            _ => ((Query)new EngagementBoostQuery(text, _ranking, _clock.GetUtcNow().ToUnixTimeMilliseconds()), null),
        };

        var searcher = _searchers.Acquire();
        try
        {
            var wanted = Math.Max(1, query.Skip + query.Size);
            // Two collector types with no common base that has GetTopDocs: keep what is needed of each.
            ICollector top;
            Func<int, int, TopDocs> page;
            Func<int> total;
            if (sort is null)
            {
                var byScore = TopScoreDocCollector.Create(wanted, docsScoredInOrder: false);
                (top, page, total) = (byScore, byScore.GetTopDocs, () => byScore.TotalHits);
            }
            else
            {
                var byField = TopFieldCollector.Create(sort, wanted, after: null,
                    fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
                (top, page, total) = (byField, byField.GetTopDocs, () => byField.TotalHits);
            }

            var facets = query.FacetCount > 0 ? new TopicFacetCollector() : null;
            searcher.Search(scored, filter, facets is null ? top : MultiCollector.Wrap(top, facets));

            var needles = query.IncludeHighlights ? _queries.Needles(query.Terms) : null;
            var docs = page(query.Skip, query.Size).ScoreDocs;
            var kinds = classify && docs.Length > 0 ? new MatchKinds(searcher, _queries, query.Terms) : null;
            var hits = docs
                .Select(hit => ToHit(searcher, hit, needles) with { Match = kinds?.Of(hit.Doc) ?? SearchMatch.Exact })
                .ToList();
            return new SearchResult(total(), hits, facets?.Top(query.FacetCount) ?? []);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var searcher = _searchers.Acquire();
        try
        {
            // Like the Azure suggester: matches ordered by popularity, one per distinct title.
            var sort = new Sort(new SortField(NoteFields.Popularity, SortFieldType.INT64, reverse: true), Newest);
            var top = searcher.Search(_queries.Suggest(prefix), null, size * 3, sort);
            IReadOnlyList<Suggestion> suggestions = top.ScoreDocs
                .Select(hit => searcher.Doc(hit.Doc, SuggestFields))
                .Select(doc => new Suggestion(doc.Get(NoteFields.Title), doc.Get(NoteFields.Id)))
                .DistinctBy(s => s.Text, StringComparer.Ordinal)
                .Take(size)
                .ToList();
            return Task.FromResult(suggestions);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
        _writeLock.Dispose();
    }

    private static readonly SortField Newest = new(NoteFields.CreatedAt, SortFieldType.INT64, reverse: true);

    private static readonly ISet<string> SuggestFields = new HashSet<string> { NoteFields.Id, NoteFields.Title };

    private static Term IdTerm(string id) => new(NoteFields.Id, id);

    private async Task WriteAsync(Action<IndexSearcher> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // Under the lock the current searcher has every earlier write (each write refreshes it before returning).
            var searcher = _searchers.Acquire();
            try
            {
                write(searcher);
            }
            finally
            {
                _searchers.Release(searcher);
            }

            _writer.Commit();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static int FindDoc(IndexSearcher searcher, string id)
    {
        var top = searcher.Search(new TermQuery(IdTerm(id)), 1);
        return top.TotalHits > 0 ? top.ScoreDocs[0].Doc : -1;
    }

    private static EngagementCounts? FindCounts(IndexSearcher searcher, string id)
    {
        var doc = FindDoc(searcher, id);
        return doc < 0 ? null : ReadCounts(searcher.IndexReader, doc);
    }

    private static EngagementCounts ReadCounts(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var local = doc - leaf.DocBase;
        long Read(string field) => leaf.AtomicReader.GetNumericDocValues(field)?.Get(local) ?? 0;
        return new EngagementCounts(Read(NoteFields.Likes), Read(NoteFields.Collects), Read(NoteFields.Comments), Read(NoteFields.Shares), Read(NoteFields.Views));
    }

    private SearchHit ToHit(IndexSearcher searcher, ScoreDoc hit, IReadOnlyCollection<string>? needles)
    {
        var doc = searcher.Doc(hit.Doc);
        var title = doc.Get(NoteFields.Title);
        var highlights = needles is null
            ? null
            : new SearchHighlights(
                Highlighting.Highlight(title, needles, TitleFragment),
                Highlighting.Highlight(doc.Get(NoteFields.Body), needles, BodyFragment));
        return new SearchHit(
            doc.Get(NoteFields.Id),
            doc.Get(NoteFields.AuthorId),
            title,
            doc.GetValues(NoteFields.Topics),
            doc.GetField(NoteFields.Sponsored)?.GetInt32Value() == 1,
            DateTimeOffset.FromUnixTimeMilliseconds(doc.GetField(NoteFields.CreatedAt)?.GetInt64Value() ?? 0),
            ReadCounts(searcher.IndexReader, hit.Doc),
            float.IsNaN(hit.Score) ? 0 : hit.Score,
            highlights);
    }

    private static long ScaledRate(double rate) => (long)Math.Round(rate * NoteFields.RateScale);

    internal static Document ToLucene(NoteSearchDocument note, EngagementCounts counts, double engagementRate)
    {
        var createdAt = note.CreatedAt.ToUnixTimeMilliseconds();
        var doc = new Document
        {
            new StringField(NoteFields.Id, note.Id, Field.Store.YES),
            new StringField(NoteFields.AuthorId, note.AuthorId, Field.Store.YES),
            new TextField(NoteFields.Title, note.Title, Field.Store.YES),
            new TextField(NoteFields.TitleGrams, note.Title, Field.Store.NO),
            new StringField(NoteFields.TitleKey, note.Title.ToLowerInvariant(), Field.Store.NO),
            new TextField(NoteFields.Body, note.Body, Field.Store.YES),
            new TextField(NoteFields.BodyGrams, note.Body, Field.Store.NO),
            new TextField(NoteFields.TitlePinyin, PinyinTokens.Full(note.Title)),
            new TextField(NoteFields.TitleInitials, PinyinTokens.Initials(note.Title)),
            new StoredField(NoteFields.Sponsored, note.Sponsored ? 1 : 0),
            new StoredField(NoteFields.CreatedAt, createdAt),
            new NumericDocValuesField(NoteFields.CreatedAt, createdAt),
            new NumericDocValuesField(NoteFields.Likes, counts.Likes),
            new NumericDocValuesField(NoteFields.Collects, counts.Collects),
            new NumericDocValuesField(NoteFields.Comments, counts.Comments),
            new NumericDocValuesField(NoteFields.Shares, counts.Shares),
            new NumericDocValuesField(NoteFields.Popularity, counts.Popularity),
            new NumericDocValuesField(NoteFields.Views, counts.Views),
            new NumericDocValuesField(NoteFields.EngagementRate, ScaledRate(engagementRate)),
        };

        foreach (var topic in note.Topics)
        {
            doc.Add(new TextField(NoteFields.Topics, topic, Field.Store.YES));
            doc.Add(new TextField(NoteFields.TopicsGrams, topic, Field.Store.NO));
            doc.Add(new TextField(NoteFields.TopicsPinyin, PinyinTokens.Full(topic)));
            doc.Add(new TextField(NoteFields.TopicsInitials, PinyinTokens.Initials(topic)));
        }

        foreach (var key in note.TopicKeys)
        {
            doc.Add(new StringField(NoteFields.TopicKey, key, Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(NoteFields.TopicKey, new BytesRef(key)));
        }

        return doc;
    }
}
