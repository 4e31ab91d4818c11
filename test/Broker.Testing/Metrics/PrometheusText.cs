using System.Globalization;
using System.Text;

namespace Broker.Testing.Metrics;

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4), as Prometheus itself reads it: valid metric and
/// label names, quoted label values with only the <c>\\</c>, <c>\"</c> and <c>\n</c> escapes, at most one TYPE and HELP
/// per family, given before its samples, a family's samples together, sample names that fit the family's type
/// (<c>_bucket</c>/<c>_sum</c>/<c>_count</c> for a histogram), no repeated series, cumulative histogram buckets ending in
/// <c>le="+Inf"</c> equal to <c>_count</c>, counters never negative, and a final newline.
/// </summary>
public static class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new PrometheusFormatException("the exposition does not end with a newline");
        }

        var families = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal); // families whose samples ended: none may follow
        Builder? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var at = $"line {i + 1}";
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "TYPE" or "HELP")
                {
                    var name = parts[2];
                    CheckMetricName(name, at);
                    if (closed.Contains(name) || (families.TryGetValue(name, out var existing) && existing.Samples.Count > 0))
                    {
                        throw new PrometheusFormatException($"{at}: # {parts[1]} {name} after its samples");
                    }

                    var family = families.TryGetValue(name, out var f) ? f : families[name] = new Builder(name);
                    if (parts[1] == "TYPE")
                    {
                        var type = parts.Length == 4 ? parts[3] : "";
                        if (family.Type is not null)
                        {
                            throw new PrometheusFormatException($"{at}: a second # TYPE for {name}");
                        }

                        family.Type = Types.Contains(type) ? type : throw new PrometheusFormatException($"{at}: unknown type '{type}' for {name}");
                    }
                    else
                    {
                        family.Help = family.Help is null ? UnescapeHelp(parts.Length == 4 ? parts[3] : "", at) : throw new PrometheusFormatException($"{at}: a second # HELP for {name}");
                    }

                    Switch(ref current, family, closed);
                }

                continue; // any other comment
            }

            var sample = ParseSample(line, at);
            var owner = FamilyOf(sample.Name, families);
            if (owner is null)
            {
                owner = families[sample.Name] = new Builder(sample.Name);
            }

            if (closed.Contains(owner.Name))
            {
                throw new PrometheusFormatException($"{at}: a sample of {owner.Name} apart from the family's other samples");
            }

            Switch(ref current, owner, closed);
            owner.Add(sample, at);
        }

        foreach (var family in families.Values)
        {
            family.Validate();
        }

        return new PrometheusScrape(families.Values.ToDictionary(f => f.Name, f => f.Build(), StringComparer.Ordinal));
    }

    private static void Switch(ref Builder? current, Builder next, HashSet<string> closed)
    {
        if (current is not null && !ReferenceEquals(current, next) && current.Samples.Count > 0)
        {
            closed.Add(current.Name);
        }

        current = next;
    }

    // The family a sample belongs to: its own name, or a histogram's/summary's base name for the suffixed series.
    private static Builder? FamilyOf(string sampleName, Dictionary<string, Builder> families)
    {
        if (families.TryGetValue(sampleName, out var own) && own.Type != "histogram")
        {
            return own;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out var family) && family.Type is "histogram" or "summary")
            {
                return family;
            }
        }

        return own;
    }

    private static PrometheusSample ParseSample(string line, string at)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        CheckMetricName(name, at);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new PrometheusFormatException($"{at}: unterminated label set");
                }

                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i];
                if (!IsName(label, colon: false) || label.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new PrometheusFormatException($"{at}: invalid label name '{label}'");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new PrometheusFormatException($"{at}: the value of label {label} is not quoted");
                }

                i += 2;
                var value = new StringBuilder();
                for (; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(i < line.Length ? line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var c => throw new PrometheusFormatException($"{at}: invalid escape \\{c} in label {label}"),
                        } : throw new PrometheusFormatException($"{at}: unterminated value of label {label}"));
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }

                if (i >= line.Length)
                {
                    throw new PrometheusFormatException($"{at}: unterminated value of label {label}");
                }

                i++; // closing quote
                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new PrometheusFormatException($"{at}: label {label} given twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i < line.Length && line[i] != '}')
                {
                    throw new PrometheusFormatException($"{at}: expected ',' or '}}' after label {label}");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new PrometheusFormatException($"{at}: no value after {name}");
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || !TryParseValue(fields[0], out var number))
        {
            throw new PrometheusFormatException($"{at}: invalid value '{line[(i + 1)..]}' of {name}");
        }

        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new PrometheusFormatException($"{at}: invalid timestamp '{fields[1]}' of {name}");
        }

        return new PrometheusSample(name, labels, number);
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
        }
    }

    private static string UnescapeHelp(string text, string at)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(++i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var c => throw new PrometheusFormatException($"{at}: invalid escape \\{c} in HELP"),
            } : throw new PrometheusFormatException($"{at}: HELP ends in a backslash"));
        }

        return result.ToString();
    }

    private static void CheckMetricName(string name, string at)
    {
        if (!IsName(name, colon: true))
        {
            throw new PrometheusFormatException($"{at}: invalid metric name '{name}'");
        }
    }

    private static bool IsName(string name, bool colon) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (colon && c == ':'));

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<PrometheusSample> Samples { get; } = [];

        private readonly HashSet<string> _series = new(StringComparer.Ordinal);

        public void Add(PrometheusSample sample, string at)
        {
            var type = Type ?? "untyped";
            var suffix = sample.Name[Name.Length..];
            var allowed = type switch
            {
                "histogram" => suffix is "_bucket" or "_sum" or "_count",
                "summary" => suffix is "" or "_sum" or "_count",
                _ => suffix == "",
            };
            if (!allowed)
            {
                throw new PrometheusFormatException($"{at}: {sample.Name} does not belong to {type} {Name}");
            }

            if (type == "histogram" && suffix == "_bucket" != sample.Labels.ContainsKey("le"))
            {
                throw new PrometheusFormatException($"{at}: {sample.Name} {(suffix == "_bucket" ? "lacks" : "has")} an le label");
            }

            if (type == "counter" && (sample.Value < 0 || double.IsNaN(sample.Value)))
            {
                throw new PrometheusFormatException($"{at}: counter {Name} is {sample.Value}");
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!_series.Add(key))
            {
                throw new PrometheusFormatException($"{at}: series {key} repeated");
            }

            Samples.Add(sample);
        }

        public void Validate()
        {
            if (Type != "histogram")
            {
                return;
            }

            foreach (var series in Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")), StringComparer.Ordinal))
            {
                var buckets = series.Where(s => s.Name == Name + "_bucket")
                    .Select(s => (Le: TryParseValue(s.Labels["le"], out var le) ? le : throw new PrometheusFormatException($"{Name}{{{series.Key}}}: invalid le '{s.Labels["le"]}'"), Text: s.Labels["le"], s.Value))
                    .ToList();
                var count = series.SingleOrDefault(s => s.Name == Name + "_count")?.Value
                    ?? throw new PrometheusFormatException($"{Name}{{{series.Key}}}: no _count");
                if (series.All(s => s.Name != Name + "_sum"))
                {
                    throw new PrometheusFormatException($"{Name}{{{series.Key}}}: no _sum");
                }

                if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le))
                {
                    throw new PrometheusFormatException($"{Name}{{{series.Key}}}: the last bucket is not le=\"+Inf\"");
                }

                for (var b = 1; b < buckets.Count; b++)
                {
                    if (buckets[b].Le <= buckets[b - 1].Le || buckets[b].Value < buckets[b - 1].Value)
                    {
                        throw new PrometheusFormatException($"{Name}{{{series.Key}}}: bucket le=\"{buckets[b].Text}\" does not follow le=\"{buckets[b - 1].Text}\" cumulatively");
                    }
                }

                if (buckets[^1].Value != count)
                {
                    throw new PrometheusFormatException($"{Name}{{{series.Key}}}: the +Inf bucket ({buckets[^1].Value}) differs from _count ({count})");
                }
            }
        }

        public PrometheusFamily Build() => new(Name, Type ?? "untyped", Help, Samples);
    }
}
