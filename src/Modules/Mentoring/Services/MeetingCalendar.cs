using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Portal.Mentoring.Models;

namespace Portal.Mentoring.Services;

/// <summary>The next planned meeting as an iCalendar file (RFC 5545) for the person's own calendar.</summary>
public static class MeetingCalendar
{
    public static string ToIcs(Pair pair, string title, string? description, string host, DateTimeOffset stamp)
    {
        if (pair.NextMeetingUtc is not { } when)
        {
            throw new MentoringRuleException("No next meeting is planned.");
        }

        var calendar = new Calendar();
        calendar.AddTimeZone(new VTimeZone("Asia/Hong_Kong"));
        var start = new CalDateTime(when.UtcDateTime, CalDateTime.UtcTzId);
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"mentoring-pair-{pair.Id}-{when.UtcTicks}@{host}",
            Summary = title,
            Description = description,
            Location = pair.NextMeetingPlace,
            Start = start,
            End = start.AddMinutes(pair.NextMeetingMinutes),
            DtStamp = new CalDateTime(stamp.UtcDateTime, CalDateTime.UtcTzId),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
