namespace Platform.Core.Integrity;

/// <summary>
/// Finds every occurrence of many patterns in one pass over the text (Aho-Corasick): the cost is the text length plus
/// the matches, whatever the number of patterns. Built once, then read-only and safe to share between threads.
/// </summary>
public sealed class AhoCorasick
{
    // Goto function: (state << 16 | char) -> next state. One hash lookup per transition keeps memory small for the
    // large CJK alphabet; the root has a dense table because most steps in real text start there.
    private readonly Dictionary<long, int> _next = [];
    private readonly int[] _rootNext = new int[char.MaxValue + 1];

    // After construction the goto function of non-root states is frozen into sorted per-state slices (CSR): most states
    // have one or two children, so a short scan beats hashing, and wide states use binary search.
    private int[] _childStart = [];
    private char[] _childChars = [];
    private int[] _childTargets = [];
    private bool _frozen;
    private readonly int[] _fail;
    private readonly int[][] _outputs;
    private readonly int[] _lengths;

    public AhoCorasick(IReadOnlyList<string> patterns)
    {
        _lengths = patterns.Select(p => p.Length).ToArray();
        var outputs = new List<List<int>> { new() };
        var depthOrder = new List<int>();

        for (var p = 0; p < patterns.Count; p++)
        {
            var pattern = patterns[p];
            if (pattern.Length == 0)
            {
                throw new ArgumentException("Patterns must not be empty.", nameof(patterns));
            }

            var state = 0;
            foreach (var c in pattern)
            {
                var next = Goto(state, c);
                if (next <= 0)
                {
                    next = outputs.Count;
                    outputs.Add([]);
                    if (state == 0)
                    {
                        _rootNext[c] = next;
                    }
                    else
                    {
                        _next[Key(state, c)] = next;
                    }
                }

                state = next;
            }

            outputs[state].Add(p);
        }

        // Failure links breadth-first, so a state's fail target is final before its children need it.
        _fail = new int[outputs.Count];
        var children = new List<(int Parent, char C, int Child)>[outputs.Count];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (_rootNext[c] > 0)
            {
                (children[0] ??= []).Add((0, (char)c, _rootNext[c]));
            }
        }

        foreach (var (key, child) in _next)
        {
            var parent = (int)(key >> 16);
            (children[parent] ??= []).Add((parent, (char)(key & 0xFFFF), child));
        }

        var queue = new Queue<int>();
        foreach (var (_, _, child) in children[0] ?? [])
        {
            _fail[child] = 0;
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            depthOrder.Add(state);
            foreach (var (_, c, child) in children[state] ?? [])
            {
                var f = _fail[state];
                while (f != 0 && Goto(f, c) <= 0)
                {
                    f = _fail[f];
                }

                var target = Goto(f, c);
                _fail[child] = target > 0 && target != child ? target : 0;
                queue.Enqueue(child);
            }
        }

        Freeze(children);

        // Each state reports its own patterns and those of its failure chain (already merged: breadth-first order).
        _outputs = new int[outputs.Count][];
        _outputs[0] = [];
        foreach (var state in depthOrder)
        {
            var inherited = _outputs[_fail[state]];
            _outputs[state] = inherited.Length == 0 ? [.. outputs[state]] : [.. outputs[state], .. inherited];
        }
    }

    public int PatternCount => _lengths.Length;

    public int StateCount => _fail.Length;

    /// <summary>Calls <paramref name="onMatch"/> with (pattern index, start, length) for every occurrence, overlapping ones included.</summary>
    public void Match(ReadOnlySpan<char> text, Action<int, int, int> onMatch)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int next;
            while ((next = Goto(state, c)) <= 0 && state != 0)
            {
                state = _fail[state];
            }

            state = next > 0 ? next : 0;
            foreach (var p in _outputs[state])
            {
                onMatch(p, i - _lengths[p] + 1, _lengths[p]);
            }
        }
    }

    private int Goto(int state, char c)
    {
        if (state == 0)
        {
            return _rootNext[c];
        }

        if (!_frozen)
        {
            return _next.TryGetValue(Key(state, c), out var next) ? next : -1;
        }

        var start = _childStart[state];
        var count = _childStart[state + 1] - start;
        if (count <= 8)
        {
            for (var i = start; i < start + count; i++)
            {
                if (_childChars[i] == c)
                {
                    return _childTargets[i];
                }
            }

            return -1;
        }

        var at = Array.BinarySearch(_childChars, start, count, c);
        return at >= 0 ? _childTargets[at] : -1;
    }

    private void Freeze(List<(int Parent, char C, int Child)>[] children)
    {
        _childStart = new int[children.Length + 1];
        _childChars = new char[_next.Count];
        _childTargets = new int[_next.Count];
        var n = 0;
        for (var state = 0; state < children.Length; state++)
        {
            _childStart[state] = n;
            if (state == 0 || children[state] is null)
            {
                continue;
            }

            foreach (var (_, c, child) in children[state].OrderBy(x => x.C))
            {
                _childChars[n] = c;
                _childTargets[n] = child;
                n++;
            }
        }

        _childStart[children.Length] = n;
        _frozen = true;
        _next.Clear();
    }

    private static long Key(int state, char c) => ((long)state << 16) | c;
}
