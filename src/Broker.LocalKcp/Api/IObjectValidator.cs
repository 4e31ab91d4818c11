using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Api;

/// <summary>Prunes unknown fields, applies defaults and validates an object against its resource's schema.</summary>
public interface IObjectValidator
{
    /// <summary>The object as it would be stored (pruned, defaulted) and every validation problem.</summary>
    ObjectValidation Validate(ApiResource resource, JsonObject value, JsonObject? old);
}
