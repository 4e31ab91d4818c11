namespace Broker.Testing.Metrics;

/// <summary>A metric family of a scrape: its <c># TYPE</c>, <c># HELP</c> and samples, in order.</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples)
{
    /// <summary>The label names of the family's samples, without the ones the format adds (<c>le</c>, <c>quantile</c>).</summary>
    public IReadOnlySet<string> LabelNames =>
        Samples.SelectMany(s => s.Labels.Keys).Where(k => k is not ("le" or "quantile")).ToHashSet(StringComparer.Ordinal);
}
