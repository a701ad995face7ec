using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>Accounts (ASP.NET Core Identity's password hashing) and API keys: shown once, kept as SHA-256 hashes.</summary>
public sealed class AccountService(CatalogDb db, IPasswordHasher<Account> hasher, TimeProvider clock)
{
    private const string KeyPrefix = "socle_";

    public async Task<Account> RegisterAsync(string email, string displayName, string password, bool admin = false, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        email = email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) errors.Add(FieldError.Of("email", "email", email));
        if (string.IsNullOrWhiteSpace(displayName)) errors.Add(FieldError.Of("name", "required"));
        if (password.Length < 12) errors.Add(FieldError.Of("password", "password-short", 12));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(a => a.NormalizedEmail == normalized, ct)) throw CatalogException.Invalid("email", "email-taken", email);
        var account = new Account
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = normalized, Email = email, NormalizedEmail = normalized,
            DisplayName = displayName.Trim(), IsAdmin = admin, CreatedAt = clock.GetUtcNow(), SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Users.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>The account for an email and password, or null (the caller answers 401 either way).</summary>
    public async Task<Account?> CheckPasswordAsync(string email, string password, CancellationToken ct = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var account = await db.Users.Include(a => a.Memberships).FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (account?.PasswordHash is null) return null;
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        return result == PasswordVerificationResult.Failed ? null : account;
    }

    public Task<Account?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Users.Include(a => a.Memberships).FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Creates a key and returns its secret, which is never stored nor shown again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateKeyAsync(Actor actor, string name, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw CatalogException.Invalid("name", "required");
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = KeyPrefix + prefix + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey { AccountId = me, Name = name.Trim(), Prefix = prefix, Hash = Hash(secret), CreatedAt = clock.GetUtcNow() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    public Task<List<ApiKey>> KeysAsync(Actor actor, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        return db.ApiKeys.Where(k => k.AccountId == me).OrderBy(k => k.CreatedAt).ToListAsync(ct);
    }

    public async Task RevokeKeyAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.AccountId == me, ct)
                  ?? throw CatalogException.NotFound("apikey", id.ToString());
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The account behind a secret, or null; compares hashes in constant time.</summary>
    public async Task<Account?> AuthenticateKeyAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length < KeyPrefix.Length + 14) return null;
        var prefix = secret.Substring(KeyPrefix.Length, 12);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix && k.RevokedAt == null, ct);
        if (key is null) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(key.Hash))) return null;
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return await FindAsync(key.AccountId, ct);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
