using Broker.Cel.Parsing.Ast;
using Broker.Cel.Values;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>The macros, each a loop over a list (element, or index and element) or a map (key, or
/// key and value). all/exists absorb errors like <c>&amp;&amp;</c>/<c>||</c>: a decisive result wins
/// over an error seen on another element.</summary>
internal sealed class ComprehensionNode(MacroKind kind, Node range, int slot1, int slot2, Node? predicate, Node? transform) : Node
{
    public override object? Eval(EvalContext context)
    {
        var target = range.Eval(context);
        if (kind == MacroKind.Bind)
        {
            context.Locals[slot1] = target; // an error is bound too, and surfaces only if used
            return transform!.Eval(context);
        }
        if (kind is MacroKind.OptionalMap or MacroKind.OptionalFlatMap)
        {
            return target is CelOptional optional ? MapOptional(context, optional) : CelError.NoMatchingOverload(kind.ToString(), target);
        }
        return target switch
        {
            CelError => target,
            CelList list => Loop(context, list, null, null, list.Count),
            CelMap map => Loop(context, null, map, [.. map.Keys], map.Count),
            _ => new CelError($"no matching overload: cannot iterate over '{CelTypes.Of(target).Name}'"),
        };
    }

    private object? Loop(EvalContext context, CelList? list, CelMap? map, object[]? keys, int count)
    {
        CelError? error = null;
        var found = 0;
        List<object?>? items = kind is MacroKind.Map or MacroKind.Filter or MacroKind.TransformList ? new List<object?>(count) : null;
        Dictionary<object, object?>? entries = kind is MacroKind.TransformMap ? DictionaryCelMap.NewEntries(count) : null;
        var locals = context.Locals;
        for (var i = 0; i < count; i++)
        {
            context.Step();
            var first = Bind(locals, list, map, keys, i);
            var verdict = predicate?.Eval(context);
            if (verdict is not (null or bool))
            {
                var problem = verdict as CelError ?? CelError.NoMatchingOverload(kind.ToString(), verdict);
                if (kind is not (MacroKind.All or MacroKind.Exists))
                {
                    return problem;
                }
                error ??= problem;
                continue;
            }
            switch (kind)
            {
                case MacroKind.All when verdict is false:
                    return Boxes.False;
                case MacroKind.Exists when verdict is true:
                    return Boxes.True;
                case MacroKind.ExistsOne when verdict is true:
                    found++;
                    break;
                case MacroKind.Filter when verdict is true:
                    context.Allocate(1);
                    items!.Add(first);
                    break;
                case MacroKind.Map or MacroKind.TransformList or MacroKind.TransformMap when verdict is null or true:
                    if (Transform(context, first, items, entries) is CelError failed)
                    {
                        return failed;
                    }
                    break;
            }
        }
        return kind switch
        {
            MacroKind.All => error ?? Boxes.True,
            MacroKind.Exists => error ?? Boxes.False,
            MacroKind.ExistsOne => Boxes.Bool(found == 1),
            MacroKind.TransformMap => new DictionaryCelMap(entries!),
            _ => new ArrayCelList([.. items!]),
        };
    }

    // optMap / optFlatMap: none stays none; a value is bound and transformed.
    private object? MapOptional(EvalContext context, CelOptional optional)
    {
        if (!optional.HasValue)
        {
            return optional;
        }
        context.Step();
        context.Locals[slot1] = optional.Value;
        var result = transform!.Eval(context);
        return result switch
        {
            CelError => result,
            _ when kind == MacroKind.OptionalMap => CelOptional.Of(result),
            CelOptional => result,
            _ => CelError.NoMatchingOverload("optFlatMap", result),
        };
    }

    // Sets the loop variables for element i and returns the first one (element, index or key).
    private object? Bind(object?[] locals, CelList? list, CelMap? map, object[]? keys, int i)
    {
        object? first;
        if (list is not null)
        {
            first = slot2 < 0 ? list[i] : Boxes.Int(i);
            if (slot2 >= 0)
            {
                locals[slot2] = list[i];
            }
        }
        else
        {
            first = keys![i];
            if (slot2 >= 0)
            {
                map!.TryGetValue(first, out var second);
                locals[slot2] = second;
            }
        }
        locals[slot1] = first;
        return first;
    }

    private CelError? Transform(EvalContext context, object? key, List<object?>? items, Dictionary<object, object?>? entries)
    {
        var value = transform!.Eval(context);
        if (value is CelError error)
        {
            return error;
        }
        context.Allocate(1);
        if (entries is not null)
        {
            entries[key!] = value;
        }
        else
        {
            items!.Add(value);
        }
        return null;
    }
}
