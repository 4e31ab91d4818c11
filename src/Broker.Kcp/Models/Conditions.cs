namespace Broker.Kcp.Models;

/// <summary>Lookups over condition lists.</summary>
public static class Conditions
{
    public static bool IsTrue(IReadOnlyList<KcpCondition>? conditions, string type) =>
        conditions?.Any(c => string.Equals(c.Type, type, StringComparison.Ordinal) && c.IsTrue) == true;
}
