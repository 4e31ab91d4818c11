using Broker.Cel;

namespace Broker.Controllers.Migrations.Configuration;

/// <summary>CEL compile errors as configuration problems: <c>line:column: reason</c> on one line.</summary>
public static class CompileErrors
{
    /// <summary><c>1:6: undeclared reference to 'fromm'</c>. Our expressions have no container, so cel-go's
    /// "(in container '')" says nothing and is left out.</summary>
    public static string Describe(CelCompileException error) =>
        error.Line > 0 ? $"{error.Line}:{error.Column}: {Reason(error)}" : Reason(error);

    public static string Reason(CelCompileException error) => error.Reason.Replace(" (in container '')", "", StringComparison.Ordinal);
}
