namespace Platform.Core.Identity;

/// <summary>Turns a bearer token into a <see cref="Caller"/>.</summary>
public interface IAccessTokenValidator
{
    /// <summary>Validates signature, issuer, audience and lifetime; throws an Unauthorized <c>PlatformException</c> otherwise.</summary>
    Task<Caller> ValidateAsync(string token, CancellationToken cancellationToken);
}
