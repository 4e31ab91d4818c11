namespace Broker.Core.Routing;

/// <summary>The outcome of compiling one AcceptAPI: the compiled form, or every problem found.</summary>
public sealed record AcceptApiCompilation(CompiledAcceptApi? Compiled, IReadOnlyList<string> Problems)
{
    public bool IsValid => Compiled is not null;

    /// <summary>All problems in one line, for a condition message or a CLI error.</summary>
    public string Message => string.Join("; ", Problems);
}
