namespace Broker.Durability.KillAnywhere;

/// <summary>
/// One run of a flow with a kill right after the broker's <see cref="Write"/>-th write. <see cref="Killed"/> is false
/// when the flow converged with fewer writes (past its last write boundary); <see cref="Violations"/> lists each
/// invariant that failed, empty when the run was clean. <see cref="LastWrite"/> is the write the kill came after
/// ("METHOD path status").
/// </summary>
public sealed record KillPoint(string Flow, KillTarget Target, int Write, bool Killed, string? LastWrite, IReadOnlyList<string> Violations, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Flow} / kill {Target} after write {Write}{(LastWrite is null ? "" : $" ({LastWrite})")}: {(Killed ? "killed" : "past the last write")}, {(Violations.Count == 0 ? "ok" : string.Join("; ", Violations))} ({Elapsed.TotalSeconds:N1} s)";
}
