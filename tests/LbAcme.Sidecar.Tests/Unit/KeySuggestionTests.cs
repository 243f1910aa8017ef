using LbAcme.Core.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class KeySuggestionTests
{
    private static readonly string[] SidecarKeys =
    [
        "LoadBalancer", "ListenAddress", "MetricsEndpoint", "Webroot", "Store", "StorePollInterval", "StoreFullListInterval",
        "StoreMaxBackoff", "Peers", "Limits", "CertificateSync",
    ];

    [Theory]
    [InlineData("CertSync", "CertificateSync")]      // an abbreviation
    [InlineData("Nmae", "Name")]                     // swapped letters
    [InlineData("loadbalancr", "LoadBalancer")]      // case-insensitive, a letter missing
    [InlineData("Peer", "Peers")]                    // singular for plural
    [InlineData("Webrot", "Webroot")]
    [InlineData("StorePollIntervall", "StorePollInterval")]
    [InlineData("MetricEndpoint", "MetricsEndpoint")]
    public void The_closest_known_key_is_suggested(string unknown, string expected)
    {
        Assert.Equal(expected, KeySuggestion.Closest(unknown, [.. SidecarKeys, "Name", "Address"]));
    }

    [Theory]
    [InlineData("Frobnicate")]
    [InlineData("X")]
    [InlineData("Port")]
    public void An_unrelated_key_gets_no_suggestion(string unknown)
    {
        Assert.Null(KeySuggestion.Closest(unknown, SidecarKeys));
    }

    [Fact]
    public void A_slip_ranks_before_an_abbreviation()
    {
        // 'Stores' is one letter from 'Store' and also abbreviates 'StoreFullListInterval'.
        Assert.Equal("Store", KeySuggestion.Closest("Stores", SidecarKeys));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("NAME", "NMAE", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("CA", "ABC", 3)] // optimal string alignment: no edit of a transposed pair
    public void Distance_counts_edits_and_adjacent_transpositions(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestion.Distance(a, b));
        Assert.Equal(expected, KeySuggestion.Distance(b, a));
    }
}
