using System;
using System.Buffers;
using System.Net.Mime;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MlAsCode.Serving;

/// <summary>
/// What every served POST goes through before its handler sees the body, model or RAG pipeline alike: the per-client
/// rate limit, a JSON content type, the size limit (declared and as bytes arrive), and the body in a pooled buffer that
/// is cleared after use. Each refusal is a problem response with the status the caller counts.
/// </summary>
internal sealed class RequestGate(int ratePerSecond, long maxBytes) : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter = ratePerSecond <= 0 ? null : PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ =>
        new TokenBucketRateLimiterOptions
        {
            TokenLimit = ratePerSecond,
            TokensPerPeriod = ratePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The gate of a service's options.</summary>
    public RequestGate(ServingOptions options)
        : this(options.RateLimitPerSecond, options.MaxRequestBytes)
    {
    }

    /// <summary>Runs <paramref name="handle"/> on the request's body once the request has passed the gate.</summary>
    public async Task<(IResult Result, int Status)> PassAsync(HttpContext context, Func<ReadOnlyMemory<byte>, Task<(IResult Result, int Status)>> handle)
    {
        if (_limiter is { } limiter)
        {
            using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"More than {ratePerSecond} requests per second from this client; retry after {retry} s.");
            }
        }

        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the body as {MediaTypeNames.Application.Json}; got {context.Request.ContentType ?? "no content type"}.");
        }

        var limit = maxBytes;
        if (context.Request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is {context.Request.ContentLength} bytes; the limit is {limit}.");
        }

        // The body in a pooled buffer (sized by Content-Length up to 64 KB, grown as bytes arrive, so a client that
        // announces a large body but sends slowly holds little); parsed in place.
        limit = Math.Min(limit, Array.MaxLength - 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(context.Request.ContentLength ?? 4096, 64 * 1024), limit) + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is over the limit of {limit} bytes.");
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }
            }

            return await handle(buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            // Cleared: a pooled buffer must not carry one client's request into another's.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>A problem response and its status.</summary>
    public static (IResult Result, int Status) Problem(int status, string title, string detail) => (Results.Problem(detail, statusCode: status, title: title), status);

    public void Dispose() => _limiter?.Dispose();
}
