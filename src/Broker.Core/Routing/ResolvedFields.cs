using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>Field values of one object, looked up at most once per key during one decision. Lives on the stack.</summary>
internal struct ResolvedFields
{
    public const int Capacity = 16;

    private Values _values;
    private uint _resolved;
    private uint _found;

    public bool Resolve(int slot, FilterKey key, JsonElement obj, out JsonElement value)
    {
        var bit = 1u << slot;
        if ((_resolved & bit) == 0)
        {
            _resolved |= bit;
            if (key.TryResolve(obj, out _values[slot]))
            {
                _found |= bit;
            }
        }

        value = _values[slot];
        return (_found & bit) != 0;
    }

    [InlineArray(Capacity)]
    private struct Values
    {
        private JsonElement _element;
    }
}
