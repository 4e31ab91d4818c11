namespace Broker.Cel.Values;

/// <summary>Shared boxes for booleans, so logic never allocates.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Bool(bool value) => value ? True : False;
}
