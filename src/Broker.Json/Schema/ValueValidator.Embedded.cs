using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json.Schema;

internal sealed partial class ValueValidator
{
    /// <summary>An x-kubernetes-embedded-resource must say what it is: apiVersion and kind, non-empty strings.</summary>
    private void CheckEmbeddedResource(JsonObject obj, string path)
    {
        foreach (var name in (string[])["apiVersion", "kind"])
        {
            var field = FieldPaths.Child(path, name);
            if (!obj.TryGetPropertyValue(name, out var value))
            {
                _embeddedErrors.Add(new FieldError(field, FieldErrorType.FieldValueRequired, "Required value: must not be empty"));
            }
            else if (JsonEquality.KindOf(value) != JsonValueKind.String)
            {
                _embeddedErrors.Add(new FieldError(field, FieldErrorType.FieldValueInvalid, $"Invalid value: {GoFormat.Value(value)}: must be a string"));
            }
            else if (JsonEquality.StringValue(value!).Length == 0)
            {
                _embeddedErrors.Add(new FieldError(field, FieldErrorType.FieldValueInvalid, "Invalid value: \"\": must not be empty"));
            }
            else if (name == "apiVersion" && JsonEquality.StringValue(value!).Count(c => c == '/') > 1)
            {
                var text = JsonEquality.StringValue(value!);
                _embeddedErrors.Add(new FieldError(
                    field, FieldErrorType.FieldValueInvalid, $"Invalid value: {GoFormat.Quote(text)}: unexpected GroupVersion string: {text}"));
            }
        }
    }
}
