package demo

// The vocabulary of the synthetic site: Swedish words with their English
// counterparts (the same index), the section names of a municipal website, and
// the street names of its addresses.

type word struct{ sv, en string }

// sections are the top of the synthetic tree, as Swedish municipalities name them.
var sections = []word{
	{"Bygga, bo och miljö", "Building, housing and environment"},
	{"Barn och utbildning", "Children and education"},
	{"Omsorg och stöd", "Care and support"},
	{"Kultur och fritid", "Culture and leisure"},
	{"Näringsliv och arbete", "Business and work"},
	{"Kommun och politik", "Municipality and politics"},
	{"Trafik och gator", "Traffic and streets"},
	{"Uppleva och göra", "Things to see and do"},
	{"Hälsa och sjukvård", "Health and medical care"},
	{"Vatten och avlopp", "Water and sewage"},
	{"Avfall och återvinning", "Waste and recycling"},
	{"Energi och klimat", "Energy and climate"},
	{"Trygghet och säkerhet", "Safety and security"},
	{"Stadsplanering", "Urban planning"},
	{"Natur och parker", "Nature and parks"},
	{"Idrott och motion", "Sports and exercise"},
	{"Äldreomsorg", "Elderly care"},
	{"Funktionsnedsättning", "Disability"},
	{"Integration och språk", "Integration and language"},
	{"Jobba hos oss", "Work with us"},
}

// nouns name topics and leaves.
var nouns = []word{
	{"bygglov", "building permit"}, {"detaljplan", "local plan"}, {"förskola", "preschool"},
	{"grundskola", "primary school"}, {"gymnasium", "upper secondary school"}, {"bibliotek", "library"},
	{"simhall", "swimming pool"}, {"hemtjänst", "home care"}, {"parkering", "parking"},
	{"avgift", "fee"}, {"ansökan", "application"}, {"tillstånd", "permit"},
	{"bidrag", "grant"}, {"förening", "association"}, {"evenemang", "event"},
	{"badplats", "beach"}, {"lekplats", "playground"}, {"vägarbete", "road works"},
	{"snöröjning", "snow clearing"}, {"sophämtning", "waste collection"}, {"återvinningscentral", "recycling centre"},
	{"dricksvatten", "drinking water"}, {"solceller", "solar panels"}, {"energirådgivning", "energy advice"},
	{"krisberedskap", "emergency preparedness"}, {"brandskydd", "fire safety"}, {"naturreservat", "nature reserve"},
	{"motionsspår", "running trail"}, {"idrottshall", "sports hall"}, {"fritidsgård", "youth centre"},
	{"kulturskola", "arts school"}, {"museum", "museum"}, {"turism", "tourism"},
	{"företagsstöd", "business support"}, {"upphandling", "procurement"}, {"nämnd", "committee"},
	{"protokoll", "minutes"}, {"budget", "budget"}, {"synpunkt", "feedback"},
	{"färdtjänst", "mobility service"}, {"boende", "housing"}, {"äldreboende", "care home"},
	{"ekonomiskt bistånd", "financial assistance"}, {"skolskjuts", "school transport"}, {"måltider", "meals"},
	{"lantmäteri", "land survey"}, {"miljötillsyn", "environmental inspection"}, {"livsmedel", "food safety"},
}

// qualifiers make leaf titles differ within a topic.
var qualifiers = []word{
	{"för privatpersoner", "for residents"}, {"för företag", "for businesses"}, {"för föreningar", "for associations"},
	{"regler", "rules"}, {"vanliga frågor", "frequently asked questions"}, {"så ansöker du", "how to apply"},
	{"kostnader", "costs"}, {"handläggningstid", "processing time"}, {"blanketter", "forms"},
	{"kontakt", "contact"}, {"öppettider", "opening hours"}, {"nyheter", "news"},
	{"i centrum", "in the centre"}, {"på landsbygden", "in the countryside"}, {"under sommaren", "in summer"},
	{"under vintern", "in winter"}, {"för barn", "for children"}, {"för äldre", "for older people"},
	{"tillgänglighet", "accessibility"}, {"överklaga", "appeal"},
}

// prose is what the bodies are written with: Swedish sentences of the kind a
// municipal page holds, and their English counterparts.
var prose = []word{
	{"Kommunen ansvarar för att invånarna får den service de har rätt till.", "The municipality makes sure that residents get the services they are entitled to."},
	{"Du kan ansöka digitalt via e-tjänsten eller skicka in en blankett med post.", "You can apply online through the e-service or send in a form by post."},
	{"Handläggningstiden är normalt fyra veckor från det att ansökan är komplett.", "Processing normally takes four weeks from the day the application is complete."},
	{"Kontakta servicecenter om du har frågor eller behöver hjälp att fylla i ansökan.", "Contact the service centre if you have questions or need help filling in the application."},
	{"Avgiften beslutas av kommunfullmäktige och justeras varje år.", "The fee is set by the municipal council and adjusted every year."},
	{"Beslutet kan överklagas till förvaltningsrätten inom tre veckor.", "The decision can be appealed to the administrative court within three weeks."},
	{"Under sommaren gäller andra öppettider, se informationen längre ner på sidan.", "Other opening hours apply in summer; see the information further down the page."},
	{"Verksamheten följer de nationella riktlinjerna och kommunens egna mål.", "The service follows national guidelines and the municipality's own goals."},
	{"Alla som bor eller vistas i kommunen kan ta del av stödet.", "Everyone who lives in or visits the municipality can receive the support."},
	{"Vi arbetar för att verksamheten ska vara tillgänglig för alla, oavsett funktionsförmåga.", "We work to make the service accessible to everyone, whatever their abilities."},
	{"Läs mer om hur kommunen behandlar dina personuppgifter enligt dataskyddsförordningen.", "Read more about how the municipality handles your personal data under the GDPR."},
	{"Ärendet registreras och du får en bekräftelse med ett diarienummer.", "The matter is registered and you receive a confirmation with a reference number."},
	{"Tänk på att bifoga ritningar, intyg och andra handlingar som behövs för beslutet.", "Remember to attach drawings, certificates and other documents the decision needs."},
	{"Nämnden sammanträder en gång i månaden och protokollen publiceras här.", "The committee meets once a month and the minutes are published here."},
	{"Vid akuta ärenden utanför kontorstid når du kommunens jour via växeln.", "For urgent matters outside office hours, reach the municipality's on-call service through the switchboard."},
	{"Synpunkter och klagomål tar vi emot via e-tjänsten eller på telefon.", "We take feedback and complaints through the e-service or by phone."},
}

var streets = []string{
	"Storgatan", "Kyrkogatan", "Drottninggatan", "Järnvägsgatan", "Skolgatan", "Parkvägen",
	"Torggatan", "Ågatan", "Hamngatan", "Bruksgatan", "Katrinedalsgatan", "Ekvägen",
}
