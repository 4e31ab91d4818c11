using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Broker.Hosting;

/// <summary>
/// Serves the broker's System.Diagnostics.Metrics instruments in the Prometheus text format (0.0.4).
/// No Prometheus exporter package exists on our mirror, and the format is small: counters and
/// up-down counters become <c>_total</c>/gauge series, histograms their <c>_count</c> and <c>_sum</c>.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> _series = new();

    public PrometheusExporter(params string[] meterPrefixes)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meterPrefixes.Any(p => instrument.Meter.Name.StartsWith(p, StringComparison.Ordinal)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var group in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).GroupBy(s => s.Key.Name, StringComparer.Ordinal))
        {
            var first = group.First().Value;
            text.Append(CultureInfo.InvariantCulture, $"# HELP {group.Key} {first.Help}\n# TYPE {group.Key} {first.Type}\n");
            foreach (var (key, series) in group)
            {
                lock (series)
                {
                    if (series.Type == "histogram")
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{key.Name}_count{key.Labels} {series.Count}\n{key.Name}_sum{key.Labels} {series.Value}\n");
                    }
                    else
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{key.Name}{key.Labels} {series.Value}\n");
                    }
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var type = instrument switch
        {
            Histogram<double> or Histogram<long> => "histogram",
            Counter<long> or Counter<double> or Counter<int> => "counter",
            _ => "gauge",
        };
        var name = Sanitize(instrument.Name) + (type == "counter" ? "_total" : "");
        var labels = new StringBuilder();
        foreach (var (key, tagValue) in tags)
        {
            labels.Append(labels.Length == 0 ? "{" : ",").Append(Sanitize(key)).Append("=\"").Append(tagValue?.ToString()?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        if (labels.Length > 0)
        {
            labels.Append('}');
        }

        var series = _series.GetOrAdd((name, labels.ToString()), _ => new Series(type, instrument.Description ?? instrument.Name));
        lock (series)
        {
            series.Value += value;
            series.Count++;
        }
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    private sealed class Series(string type, string help)
    {
        public string Type { get; } = type;

        public string Help { get; } = help;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
