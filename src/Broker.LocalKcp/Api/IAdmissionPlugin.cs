namespace Broker.LocalKcp.Api;

/// <summary>Mutates or rejects (by throwing <see cref="StatusException"/>) a write before it is stored.</summary>
public interface IAdmissionPlugin
{
    void Admit(AdmissionRequest request);
}
