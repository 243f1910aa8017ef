using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using LbAcme.Sidecar.Events;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>Which object an event body names, in each shape daprd delivers it, and why a broken one is dropped.</summary>
public sealed class CertificateEventReaderTests
{
    private const string Ours = "lbacme-lb0";

    [Fact]
    public void Event_Grids_cloud_event_passed_through_by_daprd_names_data_ObjectName()
    {
        var body = KeyVaultEvents.CloudEvent(Ours);
        body["subject"] = "something-else"; // data wins over the subject

        Assert.Equal(new CertificateEventReading(Ours, null), Read(body.ToJsonString()));
    }

    [Fact]
    public void An_Event_Grid_schema_event_inside_daprds_envelope_names_its_data_ObjectName()
    {
        Assert.Equal(new CertificateEventReading(Ours, null), Read(KeyVaultEvents.Wrapped(KeyVaultEvents.EventGridEvent(Ours)).ToJsonString()));
    }

    [Fact]
    public void An_Event_Grid_schema_event_as_the_whole_body_names_its_data_ObjectName()
    {
        Assert.Equal(new CertificateEventReading(Ours, null), Read(KeyVaultEvents.EventGridEvent(Ours).ToJsonString()));
        Assert.Equal(EventDrop.WrongType, Read(KeyVaultEvents.EventGridEvent(Ours, "Microsoft.KeyVault.CertificateNearExpiry").ToJsonString()).Drop);
    }

    [Fact]
    public void Data_given_as_a_JSON_string_is_read_like_an_object()
    {
        var passedThrough = KeyVaultEvents.CloudEvent(Ours, JsonValue.Create(KeyVaultEvents.Data(Ours).ToJsonString()));
        var wrapped = KeyVaultEvents.Wrapped(JsonValue.Create(KeyVaultEvents.EventGridEvent(Ours).ToJsonString()));

        Assert.Equal(Ours, Read(passedThrough.ToJsonString()).ObjectName);
        Assert.Equal(Ours, Read(wrapped.ToJsonString()).ObjectName);
    }

    [Fact]
    public void Data_given_as_base64_as_daprd_sends_a_raw_payload_is_read_too()
    {
        var wrapped = KeyVaultEvents.Wrapped(null);
        wrapped.Remove("data");
        wrapped["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyVaultEvents.EventGridEvent(Ours).ToJsonString()));

        Assert.Equal(Ours, Read(wrapped.ToJsonString()).ObjectName);
    }

    [Fact]
    public void A_cloud_event_daprd_wrapped_anyway_is_read_inside_the_envelope()
    {
        Assert.Equal(Ours, Read(KeyVaultEvents.Wrapped(KeyVaultEvents.CloudEvent(Ours)).ToJsonString()).ObjectName);
    }

    [Fact]
    public void Without_an_object_name_in_the_data_the_subject_names_it()
    {
        var body = KeyVaultEvents.CloudEvent(Ours, new JsonObject { ["VaultName"] = KeyVaultEvents.Vault });
        var noData = KeyVaultEvents.CloudEvent(Ours);
        noData.Remove("data");

        Assert.Equal(Ours, Read(body.ToJsonString()).ObjectName);
        Assert.Equal(Ours, Read(noData.ToJsonString()).ObjectName);
    }

    [Fact]
    public void The_data_property_is_matched_whatever_its_case()
    {
        var data = KeyVaultEvents.Data("ignored");
        data.Remove("ObjectName");
        data["objectName"] = Ours;
        var body = KeyVaultEvents.CloudEvent("subject-name", data);

        Assert.Equal(Ours, Read(body.ToJsonString()).ObjectName);
    }

    public static TheoryData<string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var (what, body) in KeyVaultEvents.Malformed(Ours))
        {
            data.Add(what, body);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void A_body_the_sidecar_cannot_use_is_dropped(string what, string body)
    {
        var reading = Read(body);

        Assert.True(reading.Drop is not null && reading.ObjectName is null, $"{what}: {reading}");
    }

    [Fact]
    public void Each_drop_names_why()
    {
        var wrongType = KeyVaultEvents.CloudEvent(Ours);
        wrongType["type"] = "Microsoft.KeyVault.SecretNearExpiry";
        var noName = KeyVaultEvents.CloudEvent(Ours, new JsonObject());
        noName.Remove("subject");

        Assert.Equal(EventDrop.NotJson, Read("{").Drop);
        Assert.Equal(EventDrop.NotObject, Read("[]").Drop);
        Assert.Equal(EventDrop.NotCloudEvent, Read("""{"type":"x"}""").Drop);
        Assert.Equal(EventDrop.WrongType, Read(wrongType.ToJsonString()).Drop);
        Assert.Equal(EventDrop.NoObjectName, Read(noName.ToJsonString()).Drop);
    }

    [Fact]
    public void A_body_split_across_buffers_reads_as_one()
    {
        var bytes = Encoding.UTF8.GetBytes(KeyVaultEvents.CloudEvent(Ours).ToJsonString());
        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10));

        Assert.Equal(Ours, CertificateEventReader.Read(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)).ObjectName);
    }

    private static CertificateEventReading Read(string body) => CertificateEventReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
