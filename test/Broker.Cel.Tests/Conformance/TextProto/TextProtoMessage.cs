namespace Broker.Cel.Tests.Conformance.TextProto;

/// <summary>A parsed protobuf text-format message: its fields in order, repeated fields repeated.</summary>
internal sealed class TextProtoMessage
{
    public List<TextProtoField> Fields { get; } = [];

    public IEnumerable<TextProtoField> All(string name) => Fields.Where(f => f.Name == name);

    public TextProtoField? Get(string name) => Fields.LastOrDefault(f => f.Name == name);

    public TextProtoMessage? Message(string name) => Get(name)?.Message;

    public string? String(string name) => Get(name)?.Scalar?.AsString();

    public bool Bool(string name) => Get(name)?.Scalar?.Text is "true" or "True" or "1";

    /// <summary>Whether any field at any depth has this name or a bracketed type URL containing it.</summary>
    public bool ContainsDeep(Func<TextProtoField, bool> predicate) =>
        Fields.Any(f => predicate(f) || (f.Message?.ContainsDeep(predicate) ?? false));
}
