"""Demo website content: policy pages, blog posts, banners, testimonials, FAQ."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.cms import services
from apps.cms.models import FAQ, Banner, BlogPost, Page, Testimonial
from apps.media.demo import demo_asset
from apps.users.models import User

COMPANY = "Global Cool-Light E.A LTD"

PAGES = (
    (
        "about",
        "About us",
        "Air conditioning, ventilation and refrigeration specialists serving Kenya since 2009.",
        f"""<h2>Who we are</h2>
<p>{COMPANY} designs, installs and maintains air conditioning, ventilation and refrigeration
systems for homes, offices, hotels, hospitals and factories across East Africa. From our
workshop on Mombasa Road we send 40 trained technicians to jobs in Nairobi, Mombasa, Kisumu,
Nakuru and beyond.</p>
<h2>What we believe</h2>
<ul><li><strong>Right-sized systems.</strong> Every quote starts with a heat-load survey, not a guess.</li>
<li><strong>Clean, tidy work.</strong> We protect floors and furniture and take our rubbish with us.</li>
<li><strong>After-sales that answers.</strong> Maintenance clients get a technician within 24 hours.</li></ul>
<h2>Accreditation</h2>
<p>We are registered with the National Construction Authority (NCA 4 mechanical), our
technicians hold refrigerant-handling certificates, and we recover refrigerant rather than
venting it, as the Ozone Layer Protection regulations require.</p>""",
    ),
    (
        "privacy-policy",
        "Privacy policy",
        "How Global Cool-Light collects, uses and protects your personal data.",
        f"""<p>This policy explains how {COMPANY} ("we") handles personal data under the Kenya Data
Protection Act, 2019. We are registered with the Office of the Data Protection Commissioner as a
data controller.</p>
<h2>What we collect</h2>
<ul><li>Contact details you give us: name, phone number, e-mail and site address.</li>
<li>Details of your equipment and the work we do, including photos you upload with a quote request.</li>
<li>Records of bookings, quotations, invoices and payments.</li>
<li>Technical data from our website: pages visited and, with your consent, analytics cookies.</li></ul>
<h2>Why we use it</h2>
<p>To answer your enquiries, schedule and carry out work, send quotations and invoices, meet our
tax obligations and, only if you opted in, send you maintenance reminders and offers. You can
withdraw marketing consent at any time with the link in every message.</p>
<h2>Who we share it with</h2>
<p>Our technicians, our payment and messaging providers (M-Pesa, e-mail and SMS gateways) and
the Kenya Revenue Authority where the law requires. We never sell your data.</p>
<h2>How long we keep it</h2>
<p>Job and invoice records for seven years, as tax law requires; enquiries that did not become
work for two years; marketing consent until you withdraw it.</p>
<h2>Your rights</h2>
<p>You may ask for a copy of your data, have it corrected or deleted, or object to its use.
Write to <a href="mailto:privacy@coollight.co.ke">privacy@coollight.co.ke</a>; we answer within
14 days. You may also complain to the Office of the Data Protection Commissioner.</p>""",
    ),
    (
        "terms",
        "Terms of service",
        "The terms that apply to quotations, bookings and work by Global Cool-Light.",
        f"""<p>These terms apply to every quotation, booking and job by {COMPANY}.</p>
<h2>Quotations</h2>
<p>A quotation is valid for 30 days. Prices are in Kenya shillings and include VAT at 16%
unless stated. Work beyond the quoted scope is agreed in writing before we start.</p>
<h2>Bookings and visits</h2>
<p>Please give us 24 hours' notice to move or cancel a visit. A call-out fee applies when our
technician cannot reach the equipment at the agreed time.</p>
<h2>Payment</h2>
<p>Installations: 50% deposit on acceptance, balance on completion. Repairs and maintenance:
on completion. We accept M-Pesa and bank transfer. Ownership of equipment passes on full payment.</p>
<h2>Warranty</h2>
<p>Workmanship is guaranteed for 12 months. Equipment carries the manufacturer's warranty,
which needs maintenance at the recommended intervals. The warranty does not cover damage from
power surges, misuse or work by others.</p>
<h2>Liability</h2>
<p>Our liability is limited to the value of the job, except where the law does not allow a
limit. Disputes are governed by the laws of Kenya.</p>""",
    ),
    (
        "cookie-policy",
        "Cookie policy",
        "Which cookies our website uses and how to control them.",
        """<p>Cookies are small files a website stores in your browser.</p>
<h2>Cookies we always use</h2>
<ul><li><strong>csrftoken</strong>: protects our forms against forgery.</li>
<li><strong>sessionid</strong>: keeps you signed in to the client portal.</li>
<li><strong>cookie_consent</strong>: remembers your cookie choice for a year.</li></ul>
<h2>Cookies we use only with your consent</h2>
<ul><li><strong>Analytics</strong> (Google Analytics 4): how visitors use the site, without
advertising features. Kept for 14 months.</li>
<li><strong>Map</strong>: the contact page's map is loaded from Google only after you agree.</li></ul>
<p>You can change your choice at any time with the "Cookie settings" link in the footer, or
delete cookies in your browser settings.</p>""",
    ),
)

POSTS = (
    ("how-often-to-service-your-ac", "How often should you service your air conditioner?", ("maintenance", "tips"),
     "Nairobi dust clogs filters fast. Here is the schedule we recommend for homes and offices.",
     "<p>A split unit in a Nairobi home should be serviced every three months; in an office that runs ten hours a day, every two. Dust from unpaved roads and construction clogs filters and coils, and a clogged unit uses up to 25% more power.</p><h2>What a service includes</h2><ul><li>Filter wash and coil clean</li><li>Drain line flush</li><li>Gas pressure and electrical checks</li></ul>"),
    ("signs-your-ac-needs-a-gas-refill", "Five signs your AC needs a gas refill", ("repairs", "tips"),
     "Warm air, ice on the pipes and a hissing sound are the usual suspects.",
     "<p>Refrigerant does not get used up: if it is low, there is a leak. Watch for warm air, ice on the copper pipes, a hissing sound, a unit that never stops, and a bill that creeps up. We find and fix the leak before we refill.</p>"),
    ("inverter-vs-fixed-speed", "Inverter or fixed-speed: which AC saves more?", ("buying-guide", "energy"),
     "Inverter units cost more up front and pay it back within two years in most homes.",
     "<p>An inverter compressor slows down instead of switching off and on. In a bedroom used every night, that saves 30-40% of the power a fixed-speed unit uses.</p>"),
    ("cold-room-checklist-for-farmers", "A cold-room checklist for dairy and horticulture farmers", ("cold-rooms", "agriculture"),
     "Size, temperature, power backup and alarms: what to settle before you build.",
     "<p>Start with the volume you harvest on your best day, not your average day, and plan for power cuts: a cold room should hold temperature for six hours without power if the door stays shut.</p>"),
    ("choosing-ac-for-coastal-homes", "Choosing air conditioning for homes on the coast", ("buying-guide", "mombasa"),
     "Salt air is hard on outdoor units. Coated coils and the right placement make them last.",
     "<p>In Mombasa, Kilifi and Diani, pick outdoor units with blue-fin or gold-fin coated coils, mount them away from direct sea spray and rinse them with fresh water monthly.</p>"),
    ("kitchen-extraction-and-county-rules", "Kitchen extraction and county fire rules", ("ventilation", "regulations"),
     "What restaurant owners need to pass the fire inspection.",
     "<p>County inspectors look for grease filters that can be removed and cleaned, ducting with access panels and a fan that can be shut off from outside the kitchen.</p>"),
)  # fmt: skip

FAQS = (
    ("Booking and visits", "How soon can a technician come?", "<p>In Nairobi usually the same or next working day; in Mombasa, Kisumu and Nakuru within two working days.</p>"),
    ("Booking and visits", "Do you charge for a site survey?", "<p>Surveys for installations are free within Nairobi. Elsewhere a survey fee applies and is deducted from the installation if you go ahead.</p>"),
    ("Booking and visits", "Do you work on weekends?", "<p>Yes, on Saturdays from 8:00 to 13:00, and on Sundays for maintenance clients' emergencies.</p>"),
    ("Prices and payment", "How do I pay?", "<p>By M-Pesa Paybill or bank transfer. Installations need a 50% deposit; repairs are paid on completion.</p>"),
    ("Prices and payment", "Are your prices inclusive of VAT?", "<p>Yes, quotations show VAT at 16% separately and the total includes it.</p>"),
    ("Installation", "How long does a split unit installation take?", "<p>Most wall-mounted split units are installed and tested in four to six hours.</p>"),
    ("Installation", "Which brands do you install?", "<p>LG, Samsung, Daikin, Midea, Carrier and Mitsubishi. We advise on the best fit for your budget and room.</p>"),
    ("Maintenance", "What does a maintenance contract include?", "<p>Scheduled visits (usually quarterly), a written report after each visit, priority call-outs and discounted parts.</p>"),
    ("Maintenance", "Why is my AC dripping water indoors?", "<p>Usually a blocked drain line or a dirty filter. Switch the unit off and book a visit; it is a quick fix.</p>"),
    ("Warranty", "What warranty do I get?", "<p>12 months on our workmanship plus the manufacturer's equipment warranty, which requires regular maintenance.</p>"),
)  # fmt: skip

TESTIMONIALS = (
    ("Grace Achieng", "Practice manager, Lakeside Medical Centre", "The team installed our cassette units over a weekend and the clinic opened on Monday as usual. The waiting room is finally comfortable.", 5, True),
    ("Peter Mwangi", "Facilities manager, Mvule Properties", "Our power bill dropped by over a third after the VRF upgrade. Their maintenance team answers the phone at any hour.", 5, True),
    ("Fatma Said", "General manager, Coral Sands Hotel", "Salt air used to kill our outdoor units. Two years on, the coated units still look new.", 5, True),
    ("John Kiprotich", "Chairman, Menengai Dairy Co-operative", "Our milk now stays at four degrees even when the power goes. Rejections at the processor have stopped.", 5, True),
    ("Wanjiru Kamau", "Homeowner, Kilimani", "Quick, tidy and they explained everything. The bedroom unit is whisper quiet.", 4, True),
    ("Ali Hassan", "Restaurant owner", "Good work on our kitchen hood, waiting for the final inspection.", 4, False),
)  # fmt: skip


def seed(out) -> None:
    counts = {"pages": 0, "posts": 0, "faq": 0, "testimonials": 0, "banners": 0}
    for slug, title, description, body in PAGES:
        if not Page.objects.filter(slug=slug).exists():
            services.create_page(
                actor=None,
                title=title,
                slug=slug,
                body=body,
                seo_description=description,
                is_published=True,
            )
            counts["pages"] += 1
    author = User.objects.filter(email="editor@coollight.demo").first()
    now = timezone.now()
    for age, (slug, title, tags, excerpt, body) in enumerate(POSTS):
        if BlogPost.objects.filter(slug=slug).exists():
            continue
        services.create_post(
            actor=None,
            title=title,
            slug=slug,
            author=author,
            cover=demo_asset(f"post-{slug}", alt=title, caption=title, tags=("blog",)),
            excerpt=excerpt,
            body=body,
            tags=list(tags),
            status="published",
            published_at=now - dt.timedelta(days=9 * age + 2),
        )
        counts["posts"] += 1
    for order, (category, question, answer) in enumerate(FAQS):
        if not FAQ.objects.filter(question=question).exists():
            services.create_faq(
                actor=None, question=question, answer=answer, category=category, order=order
            )
            counts["faq"] += 1
    for order, (name, role, quote, rating, approved) in enumerate(TESTIMONIALS):
        if not Testimonial.objects.filter(client_name=name).exists():
            services.create_testimonial(
                actor=None,
                client_name=name,
                role_company=role,
                quote=quote,
                rating=rating,
                order=order,
                is_approved=approved,
            )
            counts["testimonials"] += 1
    if not Banner.objects.exists():
        for order, (key, headline, text, label, link) in enumerate(
            (
                (
                    "hero-home",
                    "Cool air, all year",
                    "Installation, repairs and maintenance across Kenya.",
                    "Book a visit",
                    "/book/",
                ),
                (
                    "hero-maintenance",
                    "Maintenance plans from KES 3,500 a unit",
                    "Clean filters, lower bills, valid warranties.",
                    "Get a quote",
                    "/quote/",
                ),
                (
                    "hero-cold-rooms",
                    "Cold rooms that hold temperature",
                    "For dairies, farms, hotels and pharmacies.",
                    "See our projects",
                    "/portfolio/",
                ),
            )
        ):
            services.create_banner(
                actor=None,
                headline=headline,
                text=text,
                cta_label=label,
                cta_url=link,
                image=demo_asset(key, alt=headline, caption=headline, tags=("hero",)),
                order=order,
            )
            counts["banners"] += 1
    out.write("  content: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + " created")
