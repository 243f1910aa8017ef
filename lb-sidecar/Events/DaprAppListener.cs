using System.IO.Pipelines;
using LbAcme.Core.Dapr;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Sync;
using Microsoft.AspNetCore.Http.Features;

namespace LbAcme.Sidecar.Events;

/// <summary>
/// lb-sidecar as the Dapr app, on daprd's app port (127.0.0.1 only): GET <see cref="DaprNames.SubscribeRoute"/>
/// answers <c>[]</c> (the subscription is declarative, <c>lb-sidecar render dapr</c> writes it), and POST
/// <see cref="DaprNames.EventRoute"/> takes the new-version event daprd delivers. An event naming one of this LB's
/// certificates only asks for a sync round (<see cref="RoundWake.Request"/>, which never blocks): the round re-reads
/// the store on the <see cref="BackgroundScheduler"/>, so nothing here waits for a store, and a duplicate, late or
/// forged event costs at most a read. Answers follow daprd's rules: 200 SUCCESS for an event taken (woken or not
/// ours), 200 DROP for one that can never be used (daprd then neither retries nor redelivers it), 401 for a call
/// without the app token (daprd retries it; it is a deploy error, not a bad message), 404 elsewhere.
/// </summary>
internal sealed class DaprAppListener(SyncTarget target, RoundWake wake, AppApiToken token, EventMetrics metrics, EventLog log)
{
    public const string Name = "dapr";

    private static readonly byte[] Success = """{"status":"SUCCESS"}"""u8.ToArray();
    private static readonly byte[] Drop = """{"status":"DROP"}"""u8.ToArray();
    private static readonly byte[] NoSubscriptions = "[]"u8.ToArray();

    private readonly HashSet<string> _ours = new(target.Certificates.Select(c => c.StoreName), StringComparer.OrdinalIgnoreCase);

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var subscribe = request.Path == DaprNames.SubscribeRoute && HttpMethods.IsGet(request.Method);
        var deliver = request.Path == DaprNames.EventRoute && HttpMethods.IsPost(request.Method);
        if (!subscribe && !deliver)
        {
            return Responses.StatusAsync(context, StatusCodes.Status404NotFound);
        }
        if (!token.Allows(request.Headers[AppApiToken.Header]))
        {
            metrics.Outcome(EventOutcome.Unauthorized);
            log.Unauthorized();
            return Responses.StatusAsync(context, StatusCodes.Status401Unauthorized);
        }
        return subscribe ? JsonAsync(context, NoSubscriptions) : ReceiveAsync(context);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await DroppedAsync(context, EventDrop.ContentType);
            return;
        }
        if (request.ContentLength > RolloutEvents.MaxBodyBytes)
        {
            await DroppedAsync(context, EventDrop.TooLarge);
            return;
        }
        // Kestrel's limit for every listener stays the challenge ports' 1 KiB; only an event may be larger.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = RolloutEvents.MaxBodyBytes;
        }
        CertificateEventReading reading;
        try
        {
            reading = await ReadAsync(request.BodyReader, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusal: a chunked body past the limit, or one that ended early.
            await DroppedAsync(context, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? EventDrop.TooLarge : EventDrop.NotJson);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return; // daprd went away mid-body: nobody to answer
        }
        if (reading.Drop is { } drop)
        {
            await DroppedAsync(context, drop);
            return;
        }
        var name = reading.ObjectName!;
        if (_ours.Contains(name))
        {
            wake.Request();
            metrics.Outcome(EventOutcome.Woke);
            log.Woke(name);
        }
        else
        {
            metrics.Outcome(EventOutcome.NotOurs);
            log.NotOurs(name);
        }
        await JsonAsync(context, Success);
    }

    /// <summary>The whole body read as it arrives and then parsed; a drop (too large) as soon as it passes <see cref="RolloutEvents.MaxBodyBytes"/>.</summary>
    private static async Task<CertificateEventReading> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > RolloutEvents.MaxBodyBytes)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                return CertificateEventReading.Dropped(EventDrop.TooLarge);
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var reading = CertificateEventReader.Read(buffer);
                body.AdvanceTo(buffer.End);
                return reading;
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task DroppedAsync(HttpContext context, EventDrop drop)
    {
        metrics.Dropped(drop);
        log.Dropped(drop);
        if (drop == EventDrop.TooLarge)
        {
            // The rest of the body is not read: close the connection instead of draining it.
            context.Response.Headers.Connection = "close";
        }
        await JsonAsync(context, Drop);
    }

    private static Task JsonAsync(HttpContext context, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>daprd sends a CloudEvent as application/cloudevents+json, a raw payload as published (JSON here).</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var semicolon = contentType.IndexOf(';');
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return media.Equals("application/cloudevents+json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
