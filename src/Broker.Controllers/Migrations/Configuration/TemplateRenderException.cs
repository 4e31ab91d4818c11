namespace Broker.Controllers.Migrations.Configuration;

/// <summary>A template could not be rendered: an expression evaluated to a CEL error. The message names the template
/// key, the path of the string, the expression and CEL's error, e.g.
/// <c>template "dump": spec.args[0]: ${from.spec.url}: no such key: 'url'</c>.</summary>
public sealed class TemplateRenderException : Exception
{
    public TemplateRenderException()
        : this("a template could not be rendered")
    {
    }

    public TemplateRenderException(string message)
        : base(message)
    {
        Key = Path = Expression = Reason = "";
    }

    public TemplateRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = Path = Expression = Reason = "";
    }

    public TemplateRenderException(string key, string path, TemplateExpressionException error)
        : base($"template \"{key}\": {path}: ${{{error.Expression}}}: {error.Reason}", error)
    {
        Key = key;
        Path = path;
        Expression = error.Expression;
        Reason = error.Reason;
    }

    public string Key { get; }

    /// <summary>The JSON path of the string within the template.</summary>
    public string Path { get; }

    public string Expression { get; }

    /// <summary>CEL's error.</summary>
    public string Reason { get; }
}
