using System.Globalization;
using Broker.Cel.Tests.Conformance.TextProto;
using Broker.Cel.Values;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Converts <c>cel.expr.Value</c> messages to CEL values, and compares results strictly
/// (same type, same value; NaN matches NaN; maps ignore order).</summary>
internal static class ConformanceValues
{
    public static object? ToCel(TextProtoMessage value)
    {
        var field = value.Fields.Single();
        var scalar = field.Scalar;
        return field.Name switch
        {
            "null_value" => null,
            "bool_value" => scalar!.Text == "true",
            "int64_value" => long.Parse(scalar!.Text, CultureInfo.InvariantCulture),
            "uint64_value" => ulong.Parse(scalar!.Text, CultureInfo.InvariantCulture),
            "double_value" => ParseDouble(scalar!.Text),
            "string_value" => scalar!.AsString(),
            "bytes_value" => new CelBytes(scalar!.Bytes ?? []),
            "type_value" => CelTypes.FromName(scalar!.AsString()) ?? new CelType(scalar.AsString()),
            "list_value" => new ArrayCelList([.. field.Message!.All("values").Select(v => ToCel(v.Message!))]),
            "map_value" => ToMap(field.Message!),
            "object_value" => WellKnown(field.Message!),
            _ => throw new NotSupportedException($"value kind {field.Name}"),
        };
    }

    private static double ParseDouble(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        var t => double.Parse(t.TrimEnd('f'), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static DictionaryCelMap ToMap(TextProtoMessage map)
    {
        var entries = DictionaryCelMap.NewEntries();
        foreach (var entry in map.All("entries"))
        {
            entries[ToCel(entry.Message!.Message("key")!)!] = ToCel(entry.Message!.Message("value")!);
        }
        return new DictionaryCelMap(entries);
    }

    private static object WellKnown(TextProtoMessage any)
    {
        var packed = any.Fields.Single();
        var seconds = long.Parse(packed.Message!.String("seconds") ?? "0", CultureInfo.InvariantCulture);
        var nanos = long.Parse(packed.Message!.String("nanos") ?? "0", CultureInfo.InvariantCulture);
        var total = (Int128)seconds * 1_000_000_000 + nanos;
        return packed.Name switch
        {
            "[type.googleapis.com/google.protobuf.Duration]" when CelDuration.TryCreate(total, out var d) => d,
            "[type.googleapis.com/google.protobuf.Timestamp]" when CelTimestamp.TryCreate(total, out var t) => t,
            _ => throw new NotSupportedException($"object value {packed.Name}"),
        };
    }

    public static bool StrictEquals(object? expected, object? actual)
    {
        if (CelTypes.Of(expected) != CelTypes.Of(actual))
        {
            return false;
        }
        switch (expected)
        {
            case double e when double.IsNaN(e):
                return actual is double a && double.IsNaN(a);
            case CelList list:
                var other = (CelList)actual!;
                return list.Count == other.Count && Enumerable.Range(0, list.Count).All(i => StrictEquals(list[i], other[i]));
            case CelMap map:
                var actualMap = (CelMap)actual!;
                return map.Count == actualMap.Count && map.All(e => actualMap.TryGetValue(e.Key, out var v) && StrictEquals(e.Value, v));
            default:
                return CelEquality.AreEqual(expected, actual);
        }
    }
}
