namespace Broker.Testing.Metrics;

/// <summary>A parsed <c>/metrics</c> answer (see <see cref="PrometheusText.Parse"/>).</summary>
public sealed record PrometheusScrape(IReadOnlyDictionary<string, PrometheusFamily> Families)
{
    public IEnumerable<PrometheusSample> Samples(string name) =>
        Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == name);

    /// <summary>The value of the one sample named <paramref name="name"/> with these labels, or null when there is none.
    /// Throws when several samples match: the test named too few labels.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples(name).Where(s => s.Has(labels)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].Value,
            _ => throw new InvalidOperationException($"{matches.Count} samples of {name} match: {string.Join("; ", matches)}"),
        };
    }
}
