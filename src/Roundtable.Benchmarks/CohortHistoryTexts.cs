namespace Roundtable.Benchmarks;

/// <summary>What the people of a synthetic cohort are called and what they say.</summary>
internal static class CohortHistoryTexts
{
    public static readonly string[] FirstNames =
    [
        "Amara", "Ben", "Chiara", "Daniel", "Elif", "Felix", "Grace", "Hugo", "Ines", "Jonas", "Kaito", "Lea", "Mateo",
        "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tessa", "Umar", "Valentina", "Wei", "Ximena", "Yusuf",
        "Zoe", "Aoife", "Bruno", "Camille", "Dmitri", "Esther", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Kofi",
        "Lucia", "Marek", "Nora", "Olivia", "Pavel", "Rahul", "Sofia", "Tomas", "Uma", "Viktor", "Wanjiru", "Yara",
        "Anders", "Beatriz", "Callum", "Divya", "Emre", "Freya", "Gustavo",
    ];

    public static readonly string[] LastNames =
    [
        "Okafor", "Lindqvist", "Rossi", "Novak", "Yilmaz", "Schmidt", "Kowalski", "Moreau", "Fernandes", "Berg",
        "Tanaka", "Dubois", "Garcia", "Haddad", "Nilsson", "Sharma", "Lefevre", "Marquez", "Khalil", "de Vries",
        "Mensah", "Costa", "Zhang", "Alvarez", "Demir", "Murphy", "O'Brien", "Silva", "Petrov", "Cohen", "Rahman",
        "Martin", "Sato", "Horvat", "Weber", "Mwangi", "Romano", "Kaminski", "Andersen", "Walsh", "Ivanova",
        "Gupta", "Svoboda", "Nakamura", "Kruger", "Bianchi", "Ortiz", "Jensen", "Ali", "Fischer", "Kim", "Popescu",
        "Hughes", "Santos", "Lund", "Farouk",
    ];

    public static readonly string[] Topics =
    [
        "Opening roundtable", "Framing the problem", "Asking open questions", "Listening for pain points",
        "Discovery call practice", "Handling objections", "Storytelling with data", "Interview synthesis",
        "Mapping the buying committee", "Pricing conversations", "Running a workshop", "Writing the one-pager",
        "Pitch clinic", "Negotiation basics", "Customer journey maps", "Experiment design", "Reading the metrics",
        "Stakeholder updates", "Capstone rehearsal", "Capstone presentations",
    ];

    public static readonly string[] Chat =
    [
        "Good morning everyone!", "Hi all, joining from the train today", "Can everyone hear me okay?",
        "That's a really good point about the **budget owner**.", "+1 to what was just said",
        "I tried the five-whys approach last week and it worked surprisingly well", "Could you share the link to the template?",
        "Here it is: https://example.com/templates/discovery-call", "Thanks!", "Love the structure of that opening",
        "I think the second slide could be split in two", "The example about the logistics client really landed for me",
        "How long should a first call be, in your experience?", "We usually aim for 30 minutes, 45 max",
        "Same question here", "Agree, the silence after a question is the hardest part", "Taking notes in the shared doc",
        "Sorry, my connection dropped for a second", "Back now", "Great energy today", "Can we get the slides afterwards?",
        "The *so what* at the end was very clear", "I'd love more examples from B2B", "Interesting, never thought of it that way",
        "That's exactly what happened to us in the pilot", "Do we need to prepare anything for next week?",
        "Quick reminder to fill in the feedback form", "Nice recovery after the tricky question!", "Really useful, thank you",
        "Could you say more about how you picked the interviewees?", "The chart on slide 4 was a bit hard to read on my screen",
        "Who's presenting after the break?", "Mic check: all good on my side", "I'll try this with a customer tomorrow",
        "Totally agree with the point about `jobs to be done`", "Is there a recording?", "Brilliant, thanks for sharing",
        "That's a pattern I see a lot in our sales team", "Counterpoint: sometimes the champion isn't the decision maker",
        "Good luck to the next presenter!",
    ];

    public static readonly string[] Questions =
    [
        "How do you keep a discovery call from turning into a demo?",
        "What's the best way to ask about budget without sounding pushy?",
        "How many interviews are enough before we look for patterns?",
        "Should we record customer calls, and how do we ask for consent?",
        "How do you handle a stakeholder who keeps changing the scope?",
        "What do you do when the customer only wants to talk about features?",
        "Any tips for presenting numbers to non-finance people?",
        "How would you open a call with someone who didn't want the meeting?",
        "Is it okay to share a draft one-pager with the customer?",
        "How do we follow up when a prospect goes quiet?",
    ];

    public static readonly (string Question, string[] Options)[] Polls =
    [
        ("How confident do you feel running a discovery call?", ["Not yet", "Getting there", "Confident", "Very confident"]),
        ("Which part of today's topic is hardest for you?", ["Preparation", "Asking questions", "Listening", "Following up"]),
        ("How did your practice call go this week?", ["Didn't get to it", "It was rough", "Okay", "Went well"]),
        ("What should we spend more time on next week?", ["Role plays", "Case studies", "Feedback rounds"]),
        ("How much of last week's advice did you try?", ["None yet", "Some of it", "Most of it", "All of it"]),
    ];

    public static readonly string[] WhatWorked =
    [
        "Clear opening: I knew within a minute what the talk was about.",
        "The customer story made the problem feel real.",
        "Great pacing, and the pause before the key number was very effective.",
        "Slides were clean and easy to follow.",
        "You handled the question about pricing calmly and honestly.",
        "The structure (problem, evidence, ask) was easy to follow.",
        "Really engaging: you asked us questions instead of just presenting.",
        "The comparison table on slide 3 made the trade-off obvious.",
        "Confident delivery and good eye contact with the camera.",
        "Strong close, the ask at the end was specific.",
    ];

    public static readonly string[] ToImprove =
    [
        "Slow down a little in the middle section; it was a lot to take in.",
        "I'd cut one of the three examples so the best one stands out.",
        "The chart needs labelled axes.",
        "Say the main point again at the end.",
        "Try to leave more time for questions.",
        "The opening story was long; get to the point sooner.",
        "Some jargon (ICP, ACV) could be explained for newcomers.",
        "Look at the audience more than at the notes.",
        "Back the claim about churn with a number.",
        "A clearer transition between problem and solution would help.",
    ];

    public static readonly string[] SessionComments =
    [
        "Very practical session, the role play was the highlight.",
        "Good session but the feedback rounds felt rushed.",
        "Loved hearing how others approach the same problem.",
        "A bit too long for me; a break in the middle would help.",
        "The poll at the start was a nice way to get going.",
        "I learned more from the peer feedback than from anything else this week.",
        "Audio issues made the first part hard to follow.",
        "Great coaching, clear and kind.",
    ];
}
