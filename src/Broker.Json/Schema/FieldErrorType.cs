namespace Broker.Json.Schema;

/// <summary>Kubernetes' field error reasons; the member name is the StatusCause reason on the wire.</summary>
public enum FieldErrorType
{
    FieldValueNotFound,
    FieldValueRequired,
    FieldValueDuplicate,
    FieldValueInvalid,
    FieldValueNotSupported,
    FieldValueForbidden,
    FieldValueTooLong,
    FieldValueTooMany,
    InternalError,
    FieldValueTypeInvalid,
}
