namespace Broker.Runtime.Cache;

/// <summary>
/// The values an object is filed under in each index of its store, in one reference: none (null); one value of the
/// first index (the string itself: a Secret's owner, a workspace's name, a copy's one Secret); or an array of the values
/// in index order with a null closing each index but the last. Kept so a removal needs no re-parse; (index, value)
/// pairs in an array cost 16 bytes a value and the array 24 more.
/// </summary>
internal readonly struct PackedIndexValues
{
    private readonly object? _packed;

    private PackedIndexValues(object? packed) => _packed = packed;

    /// <summary>Packs <paramref name="byIndex"/>: the values of each index, in the store's order.</summary>
    public static PackedIndexValues Pack(List<string>[] byIndex)
    {
        var last = Array.FindLastIndex(byIndex, values => values.Count > 0);
        if (last < 0)
        {
            return default;
        }

        if (last == 0 && byIndex[0].Count == 1)
        {
            return new PackedIndexValues(byIndex[0][0]);
        }

        var packed = new string?[byIndex.Take(last + 1).Sum(values => values.Count) + last];
        var at = 0;
        for (var index = 0; index <= last; index++)
        {
            foreach (var value in byIndex[index])
            {
                packed[at++] = value;
            }

            at++; // the null after each index but the last (past the end for the last)
        }

        return new PackedIndexValues(packed);
    }

    /// <summary>The values in the index at <paramref name="position"/>.</summary>
    public Values In(int position) => new(_packed, position);

    /// <summary>An allocation-free enumeration of one index's values.</summary>
    public ref struct Values(object? packed, int position)
    {
        private int _at = -1;
        private int _end = -2;

        public string Current { get; private set; } = "";

        public readonly Values GetEnumerator() => this;

        public bool MoveNext()
        {
            if (packed is string single)
            {
                Current = single;
                return position == 0 && _at++ < 0;
            }

            if (packed is not string?[] values)
            {
                return false;
            }

            if (_end == -2)
            {
                (_at, _end) = Range(values, position);
            }
            else
            {
                _at++;
            }

            if (_at >= _end)
            {
                return false;
            }

            Current = values[_at]!;
            return true;
        }

        public List<string> ToList()
        {
            var list = new List<string>();
            foreach (var value in this)
            {
                list.Add(value);
            }

            return list;
        }

        // The slice of index position's values: after the position-th null, up to the next null or the end.
        private static (int Start, int End) Range(string?[] values, int position)
        {
            var start = 0;
            for (var skipped = 0; skipped < position; start++)
            {
                if (start >= values.Length)
                {
                    return (0, 0);
                }

                if (values[start] is null)
                {
                    skipped++;
                }
            }

            var end = Array.IndexOf(values, null, start);
            return (start, end < 0 ? values.Length : end);
        }
    }
}
