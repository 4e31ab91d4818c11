using System.Text;
using System.Text.Json.Nodes;

namespace Broker.Testing.Fuzzing;

/// <summary>Random damage for fuzzing: byte-level edits of JSON, values swapped for other types, and mangled strings (selectors, CEL, paths).</summary>
public sealed class Mutator(Random random)
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "0x10", "\"\\u0000\"", "\"\\ud800\"", "NaN", "\\", "9223372036854775808",
        "\"\u00e9\"", "[[[[[[[[", "{\"a\":", "\"metadata\"", "\"name\"", "\"labels\"", "\"data\"", "\"spec\"",
    ];

    private static readonly string[] Fragments =
    [
        "(", ")", ",", "!", "=", "==", "!=", " in ", " notin ", "'", "\"", "\\", ".", "*", "%", "$", "{", "}", "[", "]", "+", "-", "/", "~0", "~1", "~2",
        "self", "oldSelf", "has(", "size(", ".all(x, ", "matches(", "'a'", "1", "-1", "9223372036854775807", "double(", "string(", "int(", "\u0000", "\u00e9",
        "metadata.name", "metadata.namespace", "spec.size", "app", "in (a,b)", "&&", "||", "?", ":",
    ];

    public int Next(int max) => random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One to four byte-level edits: flip, delete, duplicate, insert a JSON token, truncate.</summary>
    public byte[] MutateBytes(byte[] input)
    {
        var bytes = new List<byte>(input);
        for (var edits = 1 + random.Next(4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(8), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + random.Next(16), bytes.Count - at)));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Tokens)));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A copy with one value somewhere replaced by a value of another type (or removed).</summary>
    public JsonNode MutateTree(JsonNode input)
    {
        var copy = input.DeepClone();
        var nodes = new List<JsonNode>();
        Collect(copy, nodes);
        var victim = Pick(nodes);
        var replacement = RandomValue();
        switch (victim.Parent)
        {
            case JsonObject parent:
                parent[victim.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[victim.GetElementIndex()] = replacement;
                break;
            default:
                return replacement ?? JsonValue.Create(0);
        }

        return copy;
    }

    /// <summary>A string with fragments inserted, removed or repeated.</summary>
    public string MutateString(string input)
    {
        var text = new StringBuilder(input);
        for (var edits = 1 + random.Next(3); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    text.Insert(at, Pick(Fragments));
                    break;
                case 1 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + random.Next(4), text.Length - Math.Min(at, text.Length - 1)));
                    break;
                default:
                    text.Insert(at, string.Concat(Enumerable.Repeat(Pick(Fragments), 1 + random.Next(50))));
                    break;
            }
        }

        return text.ToString();
    }

    private JsonNode? RandomValue() => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
        3 => JsonValue.Create(random.NextDouble() * 1e300),
        4 => JsonValue.Create(MutateString("x")),
        5 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1)),
        6 => new JsonObject { ["k"] = new JsonObject { ["k"] = 1 } },
        7 => JsonValue.Create(new string('z', 1 + random.Next(5000))),
        _ => new JsonObject(),
    };

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList())
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.ToList())
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }
}
