namespace Broker.Json.Schema;

/// <summary>
/// One validation problem, as Kubernetes reports it in a 422 Status cause: the field path
/// (<c>spec.filters[0].key</c>), the reason, and the message without the field
/// (<c>Required value</c>, <c>Unsupported value: "x": supported values: "a", "b"</c>).
/// </summary>
public sealed record FieldError(string Field, FieldErrorType Type, string Message)
{
    /// <summary>Kubernetes' <c>field.Error.Error()</c>: "spec.replicas: Invalid value: ...".</summary>
    public override string ToString() => $"{Field}: {Message}";
}
