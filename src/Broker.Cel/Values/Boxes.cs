namespace Broker.Cel.Values;

/// <summary>Shared boxes for booleans, so logic never allocates.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;

    // Small integers (counts, replicas, indices) are shared rather than boxed per read.
    private static readonly object[] SmallInts = [.. Enumerable.Range(-128, 1152).Select(i => (object)(long)i)];

    public static object Bool(bool value) => value ? True : False;

    public static object Int(long value) => value is >= -128 and < 1024 ? SmallInts[value + 128] : value;
}
