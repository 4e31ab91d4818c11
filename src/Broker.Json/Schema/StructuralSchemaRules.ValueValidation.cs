using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Broker.Json.Schema;

public static partial class StructuralSchemaRules
{
    private static readonly string[] NestedForbidden = ["type", "additionalProperties", "default", "title", "description", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys", "x-kubernetes-list-type"];

    private static void CheckValueValidation(JsonObject s, Level level, string path, List<FieldError> errors)
    {
        // x-kubernetes-int-or-string may spell its types out: anyOf [integer, string], possibly as allOf[0].
        var skipAnyOf = IsIntOrStringAnyOf(s["anyOf"]);
        var skipFirstAllOfAnyOf = s["allOf"] is JsonArray { Count: > 0 } allOf && allOf[0] is JsonObject first && IsIntOrStringAnyOf(first["anyOf"]);
        CheckJunctors(s, skipAnyOf, skipFirstAllOfAnyOf, level, path, errors);
        if (Text(s, "pattern") is { } pattern && !Compiles(pattern, out var reason))
        {
            errors.Add(Invalid($"{path}.pattern", GoFormat.Quote(pattern), $"must be a valid regular expression, but isn't: {reason}"));
        }
    }

    private static void CheckJunctors(JsonObject s, bool skipAnyOf, bool skipFirstAllOfAnyOf, Level level, string path, List<FieldError> errors)
    {
        foreach (var junctor in (string[])["anyOf", "allOf", "oneOf"])
        {
            if (junctor == "anyOf" && skipAnyOf || s[junctor] is not JsonArray branches)
            {
                continue;
            }

            for (var i = 0; i < branches.Count; i++)
            {
                if (branches[i] is JsonObject branch)
                {
                    CheckNested(branch, junctor == "allOf" && i == 0 && skipFirstAllOfAnyOf, level, $"{path}.{junctor}[{i}]", errors);
                }
            }
        }

        if (s["not"] is JsonObject not)
        {
            CheckNested(not, skipAnyOf: false, level, $"{path}.not", errors);
        }
    }

    /// <summary>Inside anyOf/allOf/oneOf/not only value validation may appear: no types, defaults or structure-changing extensions.</summary>
    private static void CheckNested(JsonObject v, bool skipAnyOf, Level level, string path, List<FieldError> errors)
    {
        CheckJunctors(v, skipAnyOf, skipFirstAllOfAnyOf: false, level, path, errors);
        if (Text(v, "pattern") is { } pattern && !Compiles(pattern, out var reason))
        {
            errors.Add(Invalid($"{path}.pattern", GoFormat.Quote(pattern), $"must be a valid regular expression, but isn't: {reason}"));
        }

        if (v["items"] is JsonObject items)
        {
            CheckNested(items, skipAnyOf: false, level, $"{path}.items", errors);
        }

        foreach (var (name, property) in v["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject child)
            {
                CheckNested(child, skipAnyOf: false, Level.Field, $"{path}.properties[{name}]", errors);
            }
        }

        foreach (var keyword in NestedForbidden)
        {
            if (IsSet(v[keyword], keyword))
            {
                var rule = keyword switch
                {
                    "nullable" or "x-kubernetes-preserve-unknown-fields" or "x-kubernetes-embedded-resource" or "x-kubernetes-int-or-string" => "must be false to be structural",
                    "additionalProperties" or "default" or "x-kubernetes-list-type" => "must be undefined to be structural",
                    _ => "must be empty to be structural",
                };
                errors.Add(Forbidden($"{path}.{keyword}", rule));
            }
        }

        if (v["properties"] is JsonObject nestedProperties && nestedProperties.ContainsKey("metadata"))
        {
            errors.Add(Forbidden($"{path}.properties[metadata]", "must not be specified in a nested context"));
        }
    }

    private static bool IsSet(JsonNode? value, string keyword) => JsonEquality.KindOf(value) switch
    {
        JsonValueKind.Null => false,
        JsonValueKind.False => false,
        JsonValueKind.String => keyword == "x-kubernetes-list-type" || JsonEquality.StringValue(value!).Length > 0,
        JsonValueKind.Array => ((JsonArray)value!).Count > 0,
        _ => true,
    };

    private static bool IsIntOrStringAnyOf(JsonNode? anyOf) =>
        anyOf is JsonArray { Count: 2 } branches
        && branches[0] is JsonObject { Count: 1 } first && Text(first, "type") == "integer"
        && branches[1] is JsonObject { Count: 1 } second && Text(second, "type") == "string";

    private static bool Compiles(string pattern, out string reason)
    {
        try
        {
            _ = new Regex(Re2Pattern.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            reason = string.Empty;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            reason = e.Message;
            return false;
        }
    }
}
