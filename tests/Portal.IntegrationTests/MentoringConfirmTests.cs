using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Infrastructure;
using Portal.Mentoring.Data;

namespace Portal.IntegrationTests;

/// <summary>The mentee confirms and rates a logged meeting through the pair page
/// (<c>POST /mentoring/pairs/{id}/meetings/{meetingId}/confirm</c>), on a site of its own: a rating outside 1–5 is
/// refused with a message in the person's language and changes nothing; only the mentee confirms; someone outside
/// the pair gets a 404.</summary>
public sealed class MentoringConfirmTests(PortalSite site) : IClassFixture<PortalSite>
{
    [Fact]
    public async Task The_mentee_confirms_and_rates_a_meeting_and_an_out_of_range_rating_is_refused_with_a_message()
    {
        var (pairId, mentor, mentee, staff) = await MentoringTests.ActivePairThroughThePagesAsync(site);
        using var leader = await site.SignInAsync("leader");
        long meetingId;
        using (var scope = site.Services.CreateScope())
        {
            meetingId = await scope.ServiceProvider.GetRequiredService<MentoringDbContext>().Meetings.Where(m => m.PairId == pairId).Select(m => m.Id).SingleAsync();
        }

        var action = $"/mentoring/pairs/{pairId}/meetings/{meetingId}/confirm";

        // The mentor's and staff's pages have no confirm form; the mentee's has one, with the five ratings.
        Assert.DoesNotContain(action, await mentor.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);
        Assert.DoesNotContain(action, await staff.GetStringAsync($"/mentoring/pairs/{pairId}"), StringComparison.Ordinal);
        var page = await HtmlForms.GetAsync(mentee, $"/mentoring/pairs/{pairId}");
        var form = HtmlForms.FindForm(page, action);
        Assert.Equal(5, form.QuerySelectorAll("input[type=radio][name=rating]").Length);

        // Out of range, in Chinese and in English: the page again with the message, the meeting still unconfirmed.
        foreach (var (culture, rating, message) in new[] { ("zh-HK", "9", "請選擇 1 至 5 分。"), ("en", "0", "Choose a rating from 1 to 5.") })
        {
            await site.ChooseLanguageAsync(mentee, culture);

            var refused = await HtmlForms.SubmitAsync(mentee, form, f => f["rating"] = rating);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains(action, html, StringComparison.Ordinal); // the form is still there to try again
        }

        await AssertMeetingAsync(meetingId, confirmed: false, rating: null);

        // The mentor (the meeting's author) and someone outside the pair cannot confirm it.
        await site.ChooseLanguageAsync(mentor, "en");

        var byMentor = await PostConfirmAsync(mentor, $"/mentoring/pairs/{pairId}", action, "5");
        Assert.Equal(HttpStatusCode.BadRequest, byMentor.StatusCode);
        Assert.Contains("Only the mentee confirms a meeting.", await byMentor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var byOutsider = await PostConfirmAsync(leader, "/mentoring", action, "5");
        Assert.Equal(HttpStatusCode.NotFound, byOutsider.StatusCode);
        await AssertMeetingAsync(meetingId, confirmed: false, rating: null);

        // In range: confirmed with the rating, thanked, and the form is gone from the mentee's page.
        var confirmed = await HtmlForms.SubmitAsync(mentee, form, f => f["rating"] = "4");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal($"/mentoring/pairs/{pairId}", confirmed.Headers.Location!.OriginalString);
        var after = await mentee.GetStringAsync($"/mentoring/pairs/{pairId}");
        Assert.Contains("Thank you. The meeting is confirmed.", after, StringComparison.Ordinal);
        Assert.DoesNotContain(action, after, StringComparison.Ordinal);
        await AssertMeetingAsync(meetingId, confirmed: true, rating: 4);
        mentor.Dispose();
        mentee.Dispose();
        staff.Dispose();
    }

    /// <summary>A confirm POST with the antiforgery token of a page the client may open.</summary>
    private static Task<HttpResponseMessage> PostConfirmAsync(HttpClient client, string pageUrl, string action, string rating) =>
        HtmlForms.PostWithTokenAsync(client, pageUrl, action, [new("rating", rating)]);

    private async Task AssertMeetingAsync(long meetingId, bool confirmed, int? rating)
    {
        using var scope = site.Services.CreateScope();
        var meeting = await scope.ServiceProvider.GetRequiredService<MentoringDbContext>().Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId);
        Assert.Equal(confirmed, meeting.ConfirmedUtc is not null);
        Assert.Equal(rating, meeting.Rating);
    }
}
