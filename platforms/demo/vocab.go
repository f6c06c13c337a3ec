package demo

import (
	"strings"
)

// industry is the vocabulary one kind of business hears and talks with, so an outdoor
// brand gets questions about tents and a bakery about sourdough.
type industry struct {
	name     string
	keywords []string // words in a client's name that pick this industry
	products []string
	features []string
	issues   []string // what goes wrong, in a customer's words
	events   []string
	tags     []string
	topics   []string // what a brand's tips are about
}

var industries = []industry{
	{
		name:     "outdoor",
		keywords: []string{"outdoor", "trail", "camp", "hike", "gear"},
		products: []string{"Ridgeline 2 tent", "Trailblazer pack", "Alpine down jacket", "Canyon hiking boots",
			"Summit sleeping bag", "Drift rain shell", "Basecamp stove", "Switchback trekking poles",
			"Glacier water filter", "Ember headlamp"},
		features: []string{"waterproofing", "weight", "sizing", "warranty", "zippers", "packed size", "colour options"},
		issues: []string{"the zipper broke on day two", "my order still hasn't shipped", "the seam started leaking",
			"I got the wrong size", "the refund is taking forever", "the strap snapped on the first hike",
			"customer service hasn't answered in a week"},
		events: []string{"the Trail Days festival", "the spring gear swap", "the sunrise hike meetup",
			"the gear repair clinic", "the film night at the climbing gym"},
		tags:   []string{"#hiking", "#outdoors", "#camping", "#getoutside", "#trailrunning", "#backpacking", "#gearreview"},
		topics: []string{"layering for cold mornings", "drying a wet tent", "packing light for a weekend", "choosing trail shoes", "leave-no-trace camping"},
	},
	{
		name:     "bakery",
		keywords: []string{"bakery", "bake", "bread", "patisserie", "cake", "pastry"},
		products: []string{"sourdough loaf", "cardamom bun", "almond croissant", "rye bread", "cinnamon roll",
			"lemon tart", "seeded baguette", "chocolate babka", "plum cake", "pretzel"},
		features: []string{"opening hours", "gluten-free options", "vegan options", "pre-orders", "allergens", "delivery area"},
		issues: []string{"the croissants were sold out by 9", "my pre-order wasn't ready", "the cake arrived squashed",
			"there was a hair in my bread", "I was charged twice", "the queue was 40 minutes long",
			"nobody answers the phone"},
		events: []string{"the Saturday market", "the sourdough workshop", "the street festival", "the Christmas market",
			"the open bakehouse morning"},
		tags:   []string{"#sourdough", "#bakery", "#breadlover", "#pastry", "#baking", "#shoplocal", "#fika"},
		topics: []string{"keeping bread fresh", "feeding a sourdough starter", "freezing pastries", "reheating croissants", "our flour"},
	},
	{
		name:     "fintech",
		keywords: []string{"fintech", "bank", "pay", "finance", "capital", "money"},
		products: []string{"Nova card", "savings pots", "the budgeting app", "instant transfers", "the business account",
			"the travel card", "round-ups", "the investment plan", "Apple Pay support", "the credit line"},
		features: []string{"fees", "exchange rates", "2FA", "limits", "statements", "the API", "joint accounts"},
		issues: []string{"my card got declined abroad", "the app logged me out again", "a transfer is stuck pending",
			"I was charged a fee nobody told me about", "verification has taken two weeks",
			"support closed my ticket without answering", "the app crashes when I open statements"},
		events: []string{"Money20/20", "the fintech meetup", "the product webinar", "the Tokyo launch event", "the developer day"},
		tags:   []string{"#fintech", "#banking", "#personalfinance", "#payments", "#savings", "#startup", "#moneytips"},
		topics: []string{"building an emergency fund", "spotting phishing texts", "budgeting with pots", "travel money", "setting up 2FA"},
	},
	{
		name:     "coffee",
		keywords: []string{"coffee", "roast", "espresso", "cafe", "brew"},
		products: []string{"Ethiopia Yirgacheffe", "house espresso blend", "cold brew", "oat flat white", "pour-over kit",
			"decaf Colombia", "the subscription box", "ceramic cups", "the burr grinder", "chai latte"},
		features: []string{"roast dates", "grind size", "subscription pauses", "shipping times", "oat milk", "decaf"},
		issues: []string{"my subscription box never arrived", "the beans tasted stale", "the grinder stopped working",
			"I was billed after cancelling", "the bag split open in the post", "my drink was cold"},
		events: []string{"the latte art throwdown", "the cupping session", "the coffee festival", "the new café opening", "the barista workshop"},
		tags:   []string{"#coffee", "#specialtycoffee", "#espresso", "#coffeetime", "#latteart", "#roastery"},
		topics: []string{"dialling in espresso", "storing beans", "cold brew at home", "choosing a grinder", "water for coffee"},
	},
	{
		name:     "software",
		keywords: []string{"software", "labs", "cloud", "data", "studio", "forge", "app"},
		products: []string{"the dashboard", "the mobile app", "the CLI", "the Slack integration", "the new editor",
			"dark mode", "the public API", "SSO", "the free tier", "the desktop app"},
		features: []string{"pricing", "the roadmap", "exports", "the changelog", "uptime", "integrations", "keyboard shortcuts"},
		issues: []string{"the dashboard has been down all morning", "sync keeps failing", "I lost my work after the update",
			"billing charged us for seats we removed", "the API returns 500s", "login loops forever",
			"the new UI hides everything I use"},
		events: []string{"the launch week", "the community call", "the conference talk", "the hackathon", "the office hours stream"},
		tags:   []string{"#buildinpublic", "#devtools", "#saas", "#productivity", "#opensource", "#webdev"},
		topics: []string{"keyboard shortcuts", "automating reports", "organising projects", "our security practices", "importing data"},
	},
}

// knownIndustries pins the demo workspace's own clients, whose names alone are clear anyway.
var knownIndustries = map[string]string{"acme": "outdoor", "bloom": "bakery", "nova": "fintech"}

// industryFor picks the vocabulary for a client from its id and name: a known id, then a
// keyword in the name, then a stable choice by hash.
func (g *Generator) industryFor(clientID, name string) *industry {
	if n, ok := knownIndustries[clientID]; ok {
		for i := range industries {
			if industries[i].name == n {
				return &industries[i]
			}
		}
	}
	lower := strings.ToLower(name + " " + clientID)
	for i := range industries {
		for _, k := range industries[i].keywords {
			if strings.Contains(lower, k) {
				return &industries[i]
			}
		}
	}
	return &industries[fnv64(clientID)%uint64(len(industries))]
}

var firstNames = []string{"Maria", "James", "Aiko", "Lukas", "Priya", "Noah", "Fatima", "Chen", "Olivia", "Mateo",
	"Sofia", "Ethan", "Hannah", "Yuki", "Omar", "Emma", "Leon", "Amara", "Diego", "Isla", "Ravi", "Clara",
	"Kenji", "Zoe", "Jonas", "Ana", "Samuel", "Mei", "Felix", "Nora", "Tariq", "Lena", "Marco", "Grace",
	"Arjun", "Elif", "Hugo", "Ines", "Kwame", "Lucy", "Mika", "Nadia", "Oscar", "Paula", "Quinn", "Rosa",
	"Sven", "Tara", "Umar", "Vera", "Will", "Xenia", "Yara", "Zach", "Beatriz", "Carlos", "Dana", "Erik",
	"Freya", "Gabriel", "Hiro", "Ivy", "Jack", "Kira", "Liam", "Maya", "Nils", "Ola", "Pedro", "Sara"}

var lastNames = []string{"Garcia", "Smith", "Tanaka", "Müller", "Patel", "Johnson", "Khan", "Wang", "Brown", "Rossi",
	"Silva", "Kim", "Schmidt", "Sato", "Haddad", "Martin", "Weber", "Okafor", "Lopez", "Murphy", "Sharma",
	"Fischer", "Ito", "Dubois", "Novak", "Costa", "Nguyen", "Larsen", "Becker", "Moreau", "Ali", "Hoffmann",
	"Romano", "Walsh", "Kowalski", "Yilmaz", "Jensen", "Santos", "Mensah", "Clarke", "Nakamura", "Fernandez"}

var emoji = []string{"😍", "🙌", "🔥", "❤️", "👏", "😂", "🤔", "😡", "🙏", "✨", "👍", "🎉", "😭", "☕", "👀", "💯", "🤩", "😤"}

var angryEmoji = []string{"😡", "😤", "🙄", "👎", "🤬"}

var cities = []string{"Berlin", "Brooklyn", "Osaka", "Lyon", "Denver", "Melbourne", "Toronto", "Lisbon", "Seoul",
	"Portland", "Hamburg", "Austin", "Leeds", "Kyoto", "Vienna", "Oslo", "Chicago", "Madrid"}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// The inbox templates. Placeholders: {brand} our account's handle, {product}, {product2},
// {feature}, {issue}, {event}, {city}, {day}, {order}, {topic}.
var (
	questionTexts = []string{
		"{brand} does the {product} come in other colours?",
		"Hey {brand}, is the {product} back in stock anytime soon?",
		"{brand} quick question: what's the deal with {feature} on the {product}?",
		"Anyone know if {brand} ships to {city}?",
		"{brand} will you be at {event} this year?",
		"{brand} thinking about the {product} vs the {product2}, which would you pick?",
		"Is {brand} open on {day}? Asking for a very hungry friend",
		"{brand} how does {feature} work exactly? Couldn't find it on the site",
		"{brand} do you have a discount for students?",
		"Can someone at {brand} explain {feature}? The FAQ is a bit vague",
	}
	praiseTexts = []string{
		"Just got my {product} from {brand} and wow. Worth every cent",
		"Shoutout to {brand} for the best customer service I've had all year",
		"The {product} from {brand} is honestly perfect",
		"Third {product} this month, no regrets {brand}",
		"{brand} you absolutely nailed the {product}",
		"Loved meeting the {brand} team at {event}!",
		"Can't stop recommending {brand} to everyone in {city}",
		"If you haven't tried the {product} from {brand} yet, what are you doing",
		"{brand} the new {feature} is exactly what I wanted",
		"Been a {brand} customer for years and they keep getting better",
	}
	complaintTexts = []string{
		"{brand} {issue}. Really disappointed.",
		"Honestly {brand}, {issue}. Order {order}. Please fix this.",
		"Third time asking: {brand} {issue}",
		"Not impressed {brand}. {issue} and nobody replies.",
		"{brand} {issue}. This is not the quality I paid for.",
		"Warning to anyone buying the {product}: {issue}. {brand} please respond",
		"So {issue}. Great job {brand} 🙄",
		"{brand} I've been patient but {issue}. Order {order}.",
	}
	supportTexts = []string{
		"{brand} can you DM me? {issue}",
		"Hi {brand}, I need help with my order {order}",
		"{brand} how do I change the address on order {order}?",
		"{brand} is there a way to return the {product}? Wrong size",
		"{brand} I can't find the {feature} setting anymore, did it move?",
	}
	eventTexts = []string{
		"See you at {event} {brand}!",
		"{brand} had such a great time at {event} yesterday",
		"Who's going to {event}? {brand} will be there",
		"Photos from {event} are up, {brand} booth was packed",
	}
	generalTexts = []string{
		"Morning ritual: coffee and the {product} from {brand}",
		"Found {brand} through a friend in {city}, now I'm hooked",
		"{brand} any plans for a {product2}?",
		"{brand} your last post about {topic} was super helpful",
		"Saw {brand} in a magazine today, nice!",
	}
	replyTexts = []string{
		"Love this!",
		"When is this coming to {city}?",
		"Finally! Been waiting for this",
		"Does this work with the {product}?",
		"Great tip, thanks",
		"Hmm, still waiting on my refund though",
		"This is why I keep coming back",
		"Take my money",
		"Is there a discount code?",
		"Same question as everyone else: when?",
		"Tried it yesterday, can confirm it's great",
		"Not sure about this one tbh",
		"What about {feature}?",
		"Will this be at {event}?",
	}
	commentTexts = []string{
		"Stunning photo!",
		"Need this in my life",
		"What's the name of the {product} in the picture?",
		"Beautiful",
		"Where was this taken?",
		"The colours 😍",
		"My favourite thing you sell",
	}
	quoteTexts = []string{
		"This 👇",
		"Finally someone said it",
		"Big if true",
		"Exactly what I needed today",
		"Hard agree",
		"Not how I'd do it, but ok",
	}
	dmTexts = []string{
		"Hi! I ordered a {product} last week (order {order}) and haven't received a tracking number yet. Could you check?",
		"Hello, we run a small shop in {city} and would love to stock your {product}. Who should we talk to about wholesale?",
		"Hi there, I'm a content creator and would love to collaborate on something around {topic}. Are you open to partnerships?",
		"Hey, quick one: can I change the delivery address on order {order}?",
		"Hi, {issue}. Can you help? Order {order}.",
		"Thanks so much for the quick reply earlier, all sorted now!",
		"Is the {product} suitable as a gift? Any gift wrapping options?",
		"Following up on my last message, any news?",
		"Hi, I'm writing a piece about local businesses in {city}. Would someone be available for a short interview?",
		"Perfect, thank you! I'll keep an eye out for the email.",
	}
)

// Brand post templates. Placeholders as above plus {url} and {tag}.
var (
	launchPosts = []string{
		"It's here: the new {product}. Built around {feature}, tested for months. {url}",
		"Meet the {product}. We listened to every piece of feedback on {feature}, and this is the result. {url}",
		"Say hello to the {product}, available today in store and online. {url}",
		"New in: the {product}. Limited first batch, so don't wait too long. {url}",
	}
	tipPosts = []string{
		"Quick tip on {topic}: small changes make a big difference. Our guide walks you through it. {url}",
		"You asked, we answered: everything you need to know about {topic}. {url}",
		"Three things we wish everyone knew about {topic}. Thread below.",
		"Tip of the week: {topic}. Save this for later.",
	}
	eventPosts = []string{
		"We'll be at {event} this {day}! Come say hi, we're bringing the {product}.",
		"Join us for {event} on {day}. Free entry, good company. {url}",
		"Thank you to everyone who came to {event}. What a day!",
	}
	hiringPosts = []string{
		"We're hiring! Looking for someone who loves {topic} as much as we do. {url}",
		"Join the team: we're growing and have open roles in {city}. {url}",
	}
	holidayPosts = []string{
		"Happy holidays from all of us! Our opening hours change this week: check the site. {url}",
		"Long weekend ahead. Orders placed by {day} ship before the break.",
		"Closed on {day} so the team can rest. Back with fresh energy on Monday!",
	}
	storyPosts = []string{
		"Behind the scenes: how the {product} gets made, step by step.",
		"A customer in {city} sent us this and it made our week. Thank you!",
		"Five years ago we started with one idea. Today: the {product}, {product2} and all of you.",
		"Fun fact about the {product}: it took 14 prototypes to get {feature} right.",
	}
	questionPosts = []string{
		"Settle this for us: {product} or {product2}?",
		"What should we make next? Tell us below.",
		"How do you use the {product}? Best answer gets featured.",
	}
	postKinds = [][]string{launchPosts, tipPosts, eventPosts, hiringPosts, holidayPosts, storyPosts, questionPosts}
	// postKindWeights: tips and stories are the bread and butter; hiring and holidays are rare.
	postKindWeights = []float64{0.15, 0.25, 0.15, 0.05, 0.07, 0.23, 0.10}
)
