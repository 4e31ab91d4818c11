using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Broker.Runtime.Metrics;

/// <summary>
/// Serves System.Diagnostics.Metrics instruments in the Prometheus text format (0.0.4). No Prometheus exporter
/// package exists on our mirror, and the format is small: counters become <c>_total</c> series, up-down counters
/// and observable gauges gauges, histograms cumulative <c>_bucket{le=...}</c> series with <c>_count</c> and
/// <c>_sum</c>, so <c>histogram_quantile</c> works. Bucket bounds come from the instrument's advice, else
/// Prometheus's defaults.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The bounds of Prometheus's client libraries (seconds, for latencies).</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> _series = new();
    private readonly Lock _rendering = new();

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
        lock (_rendering)
        {
            // An observable reports what is true now: a series it no longer reports (a phase nobody is in) goes.
            foreach (var key in _series.Where(s => s.Value.Observed).Select(s => s.Key).ToList())
            {
                _series.TryRemove(key, out _);
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var group in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).GroupBy(s => s.Key.Name, StringComparer.Ordinal))
            {
                var first = group.First().Value;
                text.Append(CultureInfo.InvariantCulture, $"# HELP {group.Key} {first.Help}\n# TYPE {group.Key} {first.Type}\n");
                foreach (var (key, series) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
                {
                    lock (series)
                    {
                        series.WriteTo(text, key.Name, key.Labels);
                    }
                }
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var type = instrument switch
        {
            Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
            Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => "counter",
            _ => "gauge",
        };
        var name = Sanitize(instrument.Name) + (type == "counter" ? "_total" : "");
        var labels = new StringBuilder();
        foreach (var (key, tagValue) in tags)
        {
            labels.Append(labels.Length == 0 ? "{" : ",").Append(Sanitize(key)).Append("=\"").Append(Escape(tagValue?.ToString() ?? "")).Append('"');
        }

        if (labels.Length > 0)
        {
            labels.Append('}');
        }

        var series = _series.GetOrAdd((name, labels.ToString()), _ => new Series(type, instrument.Description ?? instrument.Name, instrument.IsObservable, type == "histogram" ? Bounds(instrument) : []));
        lock (series)
        {
            series.Add(value);
        }
    }

    private static double[] Bounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b],
        Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(x => (double)x)],
        Histogram<int> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b.Select(x => (double)x)],
        _ => [.. DefaultBuckets],
    };

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    // The exposition format's escapes for label values: backslash, double quote and line feed.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One labelled series: a running total (counters, up-down counters), the last observation (observables),
    /// or a histogram's count, sum and per-bucket counts.</summary>
    private sealed class Series(string type, string help, bool observed, double[] bounds)
    {
        private readonly long[] _buckets = new long[bounds.Length];
        private double _value;
        private long _count;

        public string Type { get; } = type;

        public string Help { get; } = help;

        public bool Observed { get; } = observed;

        public void Add(double value)
        {
            _count++;
            if (Observed)
            {
                _value = value; // absolute, and each render starts afresh: several tagged observations never meet here
                return;
            }

            _value += value;
            var bucket = Array.FindIndex(bounds, b => value <= b);
            if (bucket >= 0)
            {
                _buckets[bucket]++;
            }
        }

        public void WriteTo(StringBuilder text, string name, string labels)
        {
            if (Type != "histogram")
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{labels} {Format(_value)}\n");
                return;
            }

            var cumulative = 0L;
            for (var i = 0; i <= bounds.Length; i++)
            {
                cumulative = i < bounds.Length ? cumulative + _buckets[i] : _count;
                var le = $"le=\"{Format(i < bounds.Length ? bounds[i] : double.PositiveInfinity)}\"";
                var bucketLabels = labels.Length == 0 ? $"{{{le}}}" : $"{labels[..^1]},{le}}}";
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{bucketLabels} {cumulative}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{labels} {Format(_value)}\n{name}_count{labels} {_count}\n");
        }
    }
}
