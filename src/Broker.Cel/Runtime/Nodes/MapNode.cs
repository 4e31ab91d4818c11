using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>A map literal: keys must be int, uint, bool or string and unique; an entry marked
/// optional (<c>{?k: v}</c>) is included only when the value is present.</summary>
internal sealed class MapNode(Node[] keys, Node[] values, bool[] optional) : Node
{
    public override bool IsConstantLiteral => keys.All(k => k is ConstantNode) && values.All(v => v is ConstantNode);

    public override object? Eval(EvalContext context)
    {
        context.Step();
        context.Allocate(keys.Length);
        var entries = DictionaryCelMap.NewEntries(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i].Eval(context);
            if (key is CelError)
            {
                return key;
            }
            if (key is not (long or ulong or bool or string))
            {
                return new CelError($"unsupported key type: {CelTypes.Of(key).Name}");
            }
            var value = values[i].Eval(context);
            if (value is CelError)
            {
                return value;
            }
            if (optional[i])
            {
                if (value is not CelOptional opt)
                {
                    return CelError.NoMatchingOverload("optional entry", value);
                }
                if (!opt.HasValue)
                {
                    continue;
                }
                value = opt.Value;
            }
            if (!entries.TryAdd(key, value))
            {
                return new CelError($"Failed with repeated key: {CelFormatter.Format(key)}");
            }
        }
        return new DictionaryCelMap(entries);
    }
}
