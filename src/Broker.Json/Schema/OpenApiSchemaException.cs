namespace Broker.Json.Schema;

/// <summary>A schema that is not a usable structural schema; the message names the keyword's path.</summary>
public sealed class OpenApiSchemaException : Exception
{
    public OpenApiSchemaException()
    {
    }

    public OpenApiSchemaException(string message)
        : base(message)
    {
    }

    public OpenApiSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
