"""Fifteen demo projects in Nairobi, Mombasa, Kisumu and Nakuru, with drawn images."""

from __future__ import annotations

import datetime as dt

from apps.catalog.models import Service
from apps.media.demo import demo_asset
from apps.portfolio import services
from apps.portfolio.models import Project

PROJECTS = (
    # slug, title, town, location, completed, client, consent, featured, services, summary, story
    ("westlands-office-vrf", "VRF system for a Westlands office block", "Nairobi", "Westlands", "2025-11-14", "Mvule Properties Ltd", True, True, ("vrf-systems", "heat-load-survey"),
     "Six floors moved from 140 window units to one VRF system with central control.",
     "<p>The building ran on window units that tripped the supply every afternoon. We surveyed each floor, sized a 96 HP Daikin VRV system and installed it floor by floor over eight weekends so tenants never lost a working day.</p><ul><li>Power bill down 38% in the first quarter</li><li>One central controller at reception</li></ul>"),
    ("kilimani-apartments-splits", "Split units for 24 Kilimani apartments", "Nairobi", "Kilimani", "2025-08-02", "", False, False, ("split-ac-installation", "large-split-ac-installation"),
     "Bedrooms and living rooms in a new residential block, done before handover.",
     "<p>We worked with the contractor to run concealed piping during construction, then fitted 72 inverter split units in three weeks.</p>"),
    ("industrial-area-warehouse", "Warehouse ventilation in Industrial Area", "Nairobi", "Industrial Area", "2025-03-21", "Baraka Distributors", True, False, ("warehouse-ventilation", "fresh-air-exhaust-fans"),
     "Roof extractors and louvres that brought the store down by 6 °C.",
     "<p>Twelve roof extractors and wall louvres now change the air eight times an hour. Stock no longer sweats and pickers work a full shift in comfort.</p>"),
    ("upper-hill-hospital-chillers", "Chiller servicing for an Upper Hill hospital", "Nairobi", "Upper Hill", "2024-10-09", "", False, True, ("chiller-servicing", "annual-maintenance-office"),
     "Two 400 kW air-cooled chillers cleaned, re-gassed and tuned under an annual contract.",
     "<p>Operating theatres cannot lose cooling. We service the chillers at night, one at a time, and keep a technician on call around the clock.</p>"),
    ("karen-restaurant-kitchen", "Kitchen extraction for a Karen restaurant", "Nairobi", "Karen", "2024-06-30", "The Oak Table", True, False, ("kitchen-extraction",),
     "A stainless canopy and exhaust that cleared smoke from an open kitchen.",
     "<p>A 4-metre stainless canopy with baffle filters and a speed-controlled fan keeps the dining room clear, and passes the county fire inspection.</p>"),
    ("nyali-beach-hotel", "Guest-room cooling for a Nyali beach hotel", "Mombasa", "Nyali", "2025-09-18", "Coral Sands Hotel", True, True, ("ducted-split-system", "annual-maintenance-hotel"),
     "86 guest rooms on ducted units with corrosion-protected outdoor coils.",
     "<p>Salt air destroys ordinary coils in two years. We specified blue-fin coated condensers, stainless fixings and a monthly maintenance plan.</p>"),
    ("mombasa-port-cold-store", "Cold store at a Mombasa port logistics yard", "Mombasa", "Changamwe", "2025-01-27", "", False, False, ("cold-room-installation", "freezer-room-installation"),
     "A 300 m³ chilled room and a -22 °C freezer for fruit and fish exports.",
     "<p>Insulated panels, twin condensing units with automatic changeover and a remote temperature alarm that texts the duty manager.</p>"),
    ("bamburi-school-classrooms", "Classroom air conditioning in Bamburi", "Mombasa", "Bamburi", "2024-02-12", "Bamburi Academy", True, False, ("split-ac-installation", "preventive-maintenance"),
     "Eighteen classrooms and a library kept cool through the hot season.",
     "<p>Installed over the December holiday. Quarterly maintenance keeps the filters clean of coastal dust.</p>"),
    ("kisumu-clinic-cooling", "Clinic cooling and fresh air in Kisumu", "Kisumu", "Milimani", "2025-06-05", "Lakeside Medical Centre", True, True, ("cassette-ac-installation", "indoor-air-quality"),
     "Cassette units and fresh-air fans for consulting rooms and a pharmacy store.",
     "<p>We measured CO₂ and humidity before and after: waiting-room CO₂ fell from 1,900 to 700 ppm.</p>"),
    ("kisumu-supermarket-refrigeration", "Supermarket refrigeration in Kisumu", "Kisumu", "Central Business District", "2024-11-22", "", False, False, ("refrigeration-repair", "cold-room-installation"),
     "Display chillers repaired and a new walk-in cold room for dairy.",
     "<p>Twelve display chillers brought back to temperature and a 20 m³ walk-in room added behind the dairy aisle.</p>"),
    ("kisumu-church-hall", "Floor-standing units for a Kisumu church hall", "Kisumu", "Kondele", "2023-12-08", "", False, False, ("floor-standing-ac-installation",),
     "Four 60,000 BTU floor-standing units for a 600-seat hall.",
     "<p>Installed with a new three-phase supply and timers so the hall is cool before Sunday service.</p>"),
    ("nakuru-dairy-cold-room", "Milk cold room for a Nakuru dairy co-operative", "Nakuru", "Lanet", "2025-10-03", "Menengai Dairy Co-operative", True, True, ("cold-room-installation",),
     "A 40 m³ cold room at +4 °C for morning milk collection.",
     "<p>Built in nine days without stopping collection. Solar-ready controls cut the generator hours by half.</p>"),
    ("nakuru-flower-packhouse", "Pack-house cooling for a Naivasha road flower farm", "Nakuru", "Gilgil road", "2024-08-19", "", False, False, ("cold-room-installation", "hvac-energy-audit"),
     "Pre-cooling rooms that take roses from field heat to 2 °C in two hours.",
     "<p>An energy audit first, then new evaporators and night-time pre-cooling that cut the power bill by a quarter.</p>"),
    ("nakuru-bank-branch", "Bank branch air conditioning in Nakuru town", "Nakuru", "Kenyatta Avenue", "2024-04-15", "", False, False, ("cassette-ac-installation", "annual-maintenance-office"),
     "Banking hall, offices and server room on cassette units with a maintenance contract.",
     "<p>The server room has two units on a duty-standby controller, so one failure never takes the branch offline.</p>"),
    ("nakuru-hotel-relocation", "AC relocation during a Nakuru hotel renovation", "Nakuru", "Milimani", "2023-09-01", "Flamingo View Hotel", True, False, ("ac-relocation", "ac-removal"),
     "Thirty units removed, stored and re-installed after the renovation.",
     "<p>Gas recovered from every unit, units stored in our yard and re-installed on new brackets once the painters left.</p>"),
)  # fmt: skip


def seed(out) -> None:
    created = 0
    services_by_slug = {s.slug: s for s in Service.objects.all()}
    for order, row in enumerate(PROJECTS):
        slug, title, town, location, done, client, consent, featured, svc, summary, body = row
        if Project.objects.filter(slug=slug).exists():
            continue
        images = [
            {
                "asset": demo_asset(
                    f"project-{slug}-{n}",
                    alt=f"{title}, {location}, {town}" + (" — detail" if n else ""),
                    caption=f"{town}: {location}",
                    tags=("project", town.lower()),
                ),
                "caption": caption,
            }
            for n, caption in enumerate(("The finished installation", "Work in progress"))
        ]
        services.create_project(
            actor=None,
            title=title,
            slug=slug,
            town=town,
            location=location,
            completed_on=dt.date.fromisoformat(done),
            client_name=client,
            client_consent=consent,
            is_featured=featured,
            order=order,
            summary=summary,
            body=body,
            services=[services_by_slug[s] for s in svc if s in services_by_slug],
            images=images,
        )
        created += 1
    out.write(f"  portfolio: {created} projects created")
