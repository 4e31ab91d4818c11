namespace Broker.Controllers.Translations;

/// <summary>The CEL variables a translation's templates see.</summary>
public static class TranslationVariables
{
    /// <summary>The consumer object, in <c>toProvider</c>.</summary>
    public const string Self = "self";

    /// <summary>The provider object (status included), in <c>fromProvider</c>.</summary>
    public const string Provider = "provider";
}
