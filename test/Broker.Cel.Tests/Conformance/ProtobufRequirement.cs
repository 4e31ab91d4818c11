using Broker.Cel.Tests.Conformance.TextProto;

namespace Broker.Cel.Tests.Conformance;

/// <summary>Decides whether a test needs protobuf message types, which this engine (over JSON)
/// does not model: TestAllTypes and other messages, Any, wrappers, Struct/Value/ListValue, enums.</summary>
internal static class ProtobufRequirement
{
    private static readonly string[] ExpressionMarkers =
    [
        "TestAllTypes", "NestedMessage", "GlobalEnum", "NestedEnum", "google.protobuf.Any", "google.protobuf.Struct",
        "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.NullValue", "Value{", "Wrapper",
        "google.protobuf.Int32Value", "google.protobuf.Int64Value", "google.protobuf.UInt32Value", "google.protobuf.UInt64Value",
        "google.protobuf.FloatValue", "google.protobuf.DoubleValue", "google.protobuf.BoolValue", "google.protobuf.StringValue",
        "google.protobuf.BytesValue", "google.protobuf.Duration{", "google.protobuf.Timestamp{", "google.protobuf.Empty", "google.protobuf.FieldMask",
        "proto2.", "proto3.",
    ];

    public static string? Reason(ConformanceCase test)
    {
        var expr = test.Expr;
        if (ExpressionMarkers.FirstOrDefault(m => expr.Contains(m, StringComparison.Ordinal)) is { } marker)
        {
            return $"needs protobuf message types ({marker})";
        }
        if ((test.Test.String("container") ?? "").Contains("conformance.proto", StringComparison.Ordinal))
        {
            return "needs protobuf message types (container of TestAllTypes)";
        }
        if (test.Test.ContainsDeep(f => f.Name == "enum_value"))
        {
            return "needs protobuf enums";
        }
        if (test.Test.ContainsDeep(f => (f.Name == "message_type" && !IsWellKnownTime($"[type.googleapis.com/{f.Scalar?.Text}]"))
            || (f.Name.StartsWith('[') && !IsWellKnownTime(f.Name))))
        {
            return "needs protobuf message types (Any / message values)";
        }
        return null;
    }

    private static bool IsWellKnownTime(string typeUrl) =>
        typeUrl is "[type.googleapis.com/google.protobuf.Duration]" or "[type.googleapis.com/google.protobuf.Timestamp]";
}
