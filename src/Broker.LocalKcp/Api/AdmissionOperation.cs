namespace Broker.LocalKcp.Api;

public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}
