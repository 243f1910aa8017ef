using Azure;
using LbAcme.Sidecar.Logging;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>A failure reads as one short line that is the same every time it happens, so a repeat is recognised as one.</summary>
public sealed class FailureReasonTests
{
    [Fact]
    public void The_sdk_retry_wrapper_is_seen_through_to_the_first_attempt()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:41999)");
        var retried = new AggregateException("Retry failed after 3 tries. Retry settings can be adjusted in ClientOptions.Retry.", refused, new HttpRequestException("Connection refused (127.0.0.1:41999)"));

        Assert.Equal("HttpRequestException: Connection refused (127.0.0.1:41999)", FailureReason.Describe(retried));
    }

    [Fact]
    public void A_store_answer_is_its_status_and_error_code_without_request_ids()
    {
        var denied = new RequestFailedException(403, "This request is not authorized.\nRequestId:7c1f\nTime:2026-12-02", "AuthorizationFailure", null);

        Assert.Equal("HTTP 403 AuthorizationFailure", FailureReason.Describe(denied));
    }

    [Fact]
    public void A_request_that_failed_on_an_open_connection_names_the_socket_error()
    {
        var reset = new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"));

        Assert.Equal("HttpRequestException: An error occurred while sending the request. (Connection reset by peer)", FailureReason.Describe(reset));
    }

    [Fact]
    public void A_timeout_and_a_multi_line_message_are_one_line()
    {
        Assert.Equal("timed out", FailureReason.Describe(new TaskCanceledException()));
        Assert.Equal("IOException: disk full", FailureReason.Describe(new IOException("disk full\n   at Somewhere()")));
    }
}
