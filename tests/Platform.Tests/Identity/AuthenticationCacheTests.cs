using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Embedded.Identity;
using Platform.Embedded.Storage;

namespace Platform.Tests.Identity;

/// <summary>
/// What the per-request authentication caches (issue 17, note read speed) may and may not change: a cached token never
/// outlives its expiry and is found by its exact text only; a cached "not erased" answer serves reads for at most
/// <see cref="AuthOptions.ErasureCheckCacheTime"/>, never writes, and an erasure on this instance ends it at once.
/// </summary>
public sealed class AuthenticationCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private readonly IOptions<AuthOptions> _auth = Options.Create(new AuthOptions
    {
        Issuer = "platform-local",
        Audience = "platform-api",
        SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ClockSkew = TimeSpan.Zero,
        ErasureCheckCacheTime = TimeSpan.FromSeconds(30),
    });

    [Fact]
    public async Task A_cached_token_is_refused_once_it_expires()
    {
        var validator = new JwtAccessTokenValidator(_auth, _clock);
        var token = new DevTokenIssuer(_auth, _clock).Issue(new DevTokenRequest("ana")).AccessToken;

        var first = await validator.ValidateAsync(token, default);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(first, await validator.ValidateAsync(token, default)); // reused, not validated again

        _clock.Advance(DevTokenIssuer.Lifetime);
        var expired = await Assert.ThrowsAsync<PlatformException>(() => validator.ValidateAsync(token, default));
        Assert.Equal("auth.token_expired", expired.Code);
    }

    [Fact]
    public async Task A_token_with_another_signature_is_not_taken_from_the_cache()
    {
        var validator = new JwtAccessTokenValidator(_auth, _clock);
        var token = new DevTokenIssuer(_auth, _clock).Issue(new DevTokenRequest("ana")).AccessToken;
        await validator.ValidateAsync(token, default);

        var forged = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var refused = await Assert.ThrowsAsync<PlatformException>(() => validator.ValidateAsync(forged, default));
        Assert.Equal("auth.invalid_token", refused.Code);
    }

    [Fact]
    public async Task Reads_may_reuse_a_recent_not_erased_answer_but_writes_and_local_erasures_do_not()
    {
        var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("erased-").FullName, "documents.db")));
        var here = new ErasedAccounts(store, _clock, _auth);
        var elsewhere = new ErasedAccounts(store, _clock, _auth); // another instance of the app
        var caller = new Caller("bo", null, new HashSet<string>(), new HashSet<string>()) { IssuedAt = _clock.GetUtcNow().AddMinutes(-1) };

        await here.EnsureActiveAsync(caller, default, forRead: true);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await elsewhere.MarkAsync("bo", default);

        // Within the cache time, this instance's reads still pass; its writes read the record and are refused.
        await here.EnsureActiveAsync(caller, default, forRead: true);
        var write = await Assert.ThrowsAsync<PlatformException>(() => here.EnsureActiveAsync(caller, default));
        Assert.Equal("auth.account_erased", write.Code);

        // The write's fresh answer is what reads see from now on.
        await Assert.ThrowsAsync<PlatformException>(() => here.EnsureActiveAsync(caller, default, forRead: true));

        // On the instance that erased it, reads are refused at once.
        await Assert.ThrowsAsync<PlatformException>(() => elsewhere.EnsureActiveAsync(caller, default, forRead: true));
    }

    [Fact]
    public async Task A_cached_not_erased_answer_ends_after_the_cache_time()
    {
        var store = new SqliteDocumentStore(new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("erased-").FullName, "documents.db")));
        var here = new ErasedAccounts(store, _clock, _auth);
        var elsewhere = new ErasedAccounts(store, _clock, _auth);
        var caller = new Caller("cy", null, new HashSet<string>(), new HashSet<string>()) { IssuedAt = _clock.GetUtcNow().AddMinutes(-1) };

        await here.EnsureActiveAsync(caller, default, forRead: true);
        await elsewhere.MarkAsync("cy", default);
        _clock.Advance(_auth.Value.ErasureCheckCacheTime + TimeSpan.FromSeconds(1));

        var read = await Assert.ThrowsAsync<PlatformException>(() => here.EnsureActiveAsync(caller, default, forRead: true));
        Assert.Equal("auth.account_erased", read.Code);
    }
}
