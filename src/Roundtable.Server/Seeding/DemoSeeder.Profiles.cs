using Roundtable.Core.Matching;

namespace Roundtable.Server.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// Profiles for the demo people, so matching has something to work with: Cora can lead a discovery-interviewing
    /// circle that all four learners want; Noor and Lena can each mentor one peer; Max offers negotiation but manages
    /// the learners, so matching keeps him out of their reporting line and says so. No circle is formed here.
    /// </summary>
    private IEnumerable<ProfileSaved> DemoProfiles(IReadOnlyDictionary<string, string> users)
    {
        AvailabilitySlot Slot(DayOfWeek day, DayPart part) => new(day, part);
        var profiles = new (string Email, Profile Profile)[]
        {
            ("coach@roundtable.local", new Profile("", [new("Discovery interviewing", 4), new("Facilitation", 4)], [],
                "Help every learner run a discovery call on their own.", [Slot(DayOfWeek.Wednesday, DayPart.Afternoon), Slot(DayOfWeek.Thursday, DayPart.Morning)], 3)),
            ("manager@roundtable.local", new Profile("", [new("Negotiation", 4), new("Stakeholder management", 3)], [],
                "", [Slot(DayOfWeek.Monday, DayPart.Morning)], 2)),
            ("lena@roundtable.local", new Profile("", [new("Storytelling", 3)], [new("Discovery interviewing", 1), new("Negotiation", 2)],
                "Lead a **discovery call** on my own by the end of the program.", [Slot(DayOfWeek.Wednesday, DayPart.Afternoon)], 1)),
            ("liam@roundtable.local", new Profile("", [], [new("Discovery interviewing", 2), new("Storytelling", 1)],
                "Ask better follow-up questions.", [Slot(DayOfWeek.Wednesday, DayPart.Afternoon), Slot(DayOfWeek.Thursday, DayPart.Morning)], 0)),
            ("noor@roundtable.local", new Profile("", [new("Negotiation", 3)], [new("Storytelling", 2), new("Discovery interviewing", 1)],
                "Speak up more in roundtables.", [Slot(DayOfWeek.Thursday, DayPart.Morning)], 1)),
            ("theo@roundtable.local", new Profile("", [], [new("Discovery interviewing", 1), new("Negotiation", 1)],
                "", [Slot(DayOfWeek.Wednesday, DayPart.Afternoon)], 0)),
        };
        return profiles.Select(p =>
        {
            var profile = p.Profile with { UserId = users[p.Email] };
            return new ProfileSaved(profile, 1, markdown.Render(profile.GoalsMarkdown), profile.UserId);
        });
    }
}
