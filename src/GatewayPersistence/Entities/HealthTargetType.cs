namespace GatewayPersistence.Entities;

/// <summary>Kind of a health-check target (ENUM <c>'model','virtual_model'</c>).</summary>
public enum HealthTargetType
{
    /// <summary>A real model (<c>model</c>).</summary>
    Model,

    /// <summary>A virtual model (<c>virtual_model</c>).</summary>
    VirtualModel,
}
