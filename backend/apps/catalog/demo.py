"""The demo service catalog of an HVAC firm in Nairobi, priced in KES."""

from __future__ import annotations

from decimal import Decimal

from apps.catalog.models import Service, ServiceCategory

CATALOG = (
    (
        "Air conditioning installation",
        "ac-installation",
        "snowflake",
        "Supply and installation of split, cassette and floor-standing air conditioners for "
        "homes, offices and shops.",
        (
            (
                "Split AC installation (9,000-12,000 BTU)",
                "split-ac-installation",
                "Wall-mounted split unit supplied, installed and commissioned in one day.",
                55000,
                95000,
                240,
                True,
                {
                    "Capacity": "9,000-12,000 BTU",
                    "Brands": "LG, Samsung, Daikin, Midea",
                    "Piping included": "Up to 3 m",
                    "Warranty": "12 months workmanship",
                },
            ),
            (
                "Split AC installation (18,000-24,000 BTU)",
                "large-split-ac-installation",
                "Higher-capacity split units for living rooms, boardrooms and shops.",
                95000,
                165000,
                300,
                True,
                {
                    "Capacity": "18,000-24,000 BTU",
                    "Piping included": "Up to 5 m",
                    "Electrical": "Dedicated 20 A circuit",
                },
            ),
            (
                "Cassette AC installation",
                "cassette-ac-installation",
                "Ceiling cassette units for open-plan offices, restaurants and showrooms.",
                180000,
                420000,
                480,
                True,
                {"Capacity": "24,000-60,000 BTU", "Airflow": "4-way", "Ceiling": "Suspended grid"},
            ),
            (
                "Floor-standing AC installation",
                "floor-standing-ac-installation",
                "Floor-standing units for halls, churches and large shops.",
                240000,
                520000,
                480,
                True,
                {"Capacity": "36,000-96,000 BTU", "Power": "3-phase for 48,000 BTU and above"},
            ),
        ),
    ),
    (
        "Central and ducted systems",
        "central-ducted-systems",
        "building",
        "Design and installation of ducted, VRF and chilled-water systems for commercial buildings.",
        (
            (
                "Ducted split system",
                "ducted-split-system",
                "Concealed ducted units with grilles in every room.",
                450000,
                1800000,
                960,
                False,
                {"Design": "Heat-load calculation included", "Ductwork": "GI or pre-insulated"},
            ),
            (
                "VRF system design and installation",
                "vrf-systems",
                "Variable refrigerant flow systems for offices, hotels and apartments.",
                2500000,
                25000000,
                960,
                False,
                {
                    "Brands": "Daikin VRV, LG Multi V, Samsung DVM",
                    "Controls": "Central and BMS-ready",
                },
            ),
            (
                "Chiller servicing",
                "chiller-servicing",
                "Inspection, cleaning and tuning of air- and water-cooled chillers.",
                85000,
                350000,
                480,
                True,
                {"Scope": "Condenser coil clean, refrigerant check, controls test"},
            ),
        ),
    ),
    (
        "Cold rooms and refrigeration",
        "cold-rooms-refrigeration",
        "thermometer",
        "Cold rooms, freezer rooms and commercial refrigeration for hotels, farms and supermarkets.",
        (
            (
                "Cold room installation",
                "cold-room-installation",
                "Insulated panel cold rooms from 2 °C to 8 °C for produce, dairy and pharmaceuticals.",
                650000,
                3500000,
                960,
                False,
                {
                    "Panels": "100 mm PU, food grade",
                    "Temperature": "+2 °C to +8 °C",
                    "Monitoring": "Remote temperature alarm",
                },
            ),
            (
                "Freezer room installation",
                "freezer-room-installation",
                "Blast and holding freezers down to -25 °C.",
                900000,
                4800000,
                960,
                False,
                {"Panels": "150 mm PU", "Temperature": "down to -25 °C"},
            ),
            (
                "Commercial refrigeration repair",
                "refrigeration-repair",
                "Display chillers, bottle coolers and ice machines diagnosed and repaired.",
                6500,
                60000,
                120,
                True,
                {"Call-out": "Within Nairobi the same or next day"},
            ),
        ),
    ),
    (
        "Ventilation and extraction",
        "ventilation-extraction",
        "wind",
        "Fresh-air, extraction and kitchen exhaust systems that meet county and fire regulations.",
        (
            (
                "Kitchen extraction hood and ducting",
                "kitchen-extraction",
                "Stainless-steel canopies, grease filters and exhaust fans for commercial kitchens.",
                180000,
                950000,
                960,
                False,
                {"Material": "304 stainless steel", "Filters": "Baffle grease filters"},
            ),
            (
                "Fresh-air and exhaust fans",
                "fresh-air-exhaust-fans",
                "Wall, inline and roof fans for washrooms, warehouses and car parks.",
                15000,
                250000,
                240,
                True,
                {"Fan types": "Axial, centrifugal, inline"},
            ),
            (
                "Warehouse ventilation",
                "warehouse-ventilation",
                "Roof extractors and louvres to keep stores and factories cool.",
                250000,
                1500000,
                960,
                False,
                {"Survey": "Airflow study included"},
            ),
        ),
    ),
    (
        "Maintenance contracts",
        "maintenance-contracts",
        "calendar-check",
        "Planned preventive maintenance that keeps systems efficient and warranties valid.",
        (
            (
                "Preventive maintenance (per unit)",
                "preventive-maintenance",
                "Filter clean, coil wash, drain flush, gas pressure and electrical checks.",
                3500,
                8000,
                90,
                True,
                {"Frequency": "Quarterly recommended", "Report": "Written service report"},
            ),
            (
                "Annual maintenance contract (office)",
                "annual-maintenance-office",
                "Four scheduled visits a year and priority call-outs for offices.",
                60000,
                450000,
                240,
                True,
                {"Visits": "4 per year", "Response": "Within 24 hours"},
            ),
            (
                "Annual maintenance contract (hotel)",
                "annual-maintenance-hotel",
                "Round-the-year care of guest-room units, kitchens and cold rooms.",
                250000,
                1800000,
                480,
                False,
                {"Visits": "Monthly", "Response": "Within 4 hours"},
            ),
        ),
    ),
    (
        "Repairs and gas refills",
        "repairs-gas-refills",
        "wrench",
        "Fault finding, repairs and refrigerant top-ups for every make of air conditioner.",
        (
            (
                "AC diagnosis and repair",
                "ac-repair",
                "A technician finds the fault and quotes the repair on the spot.",
                3500,
                45000,
                120,
                True,
                {"Call-out fee": "KES 3,500, deducted from the repair"},
            ),
            (
                "Gas refill (R410A / R32 / R22)",
                "gas-refill",
                "Leak test, repair and refrigerant recharge to the maker's charge.",
                6000,
                18000,
                120,
                True,
                {"Refrigerants": "R410A, R32, R22", "Leak test": "Included"},
            ),
            (
                "PCB and compressor replacement",
                "compressor-replacement",
                "Genuine spare parts, fitted and tested.",
                18000,
                85000,
                240,
                True,
                {"Parts warranty": "6 months"},
            ),
        ),
    ),
    (
        "Relocation and removal",
        "relocation-removal",
        "truck",
        "Moving air conditioners safely when you move office or renovate.",
        (
            (
                "AC relocation",
                "ac-relocation",
                "Gas pump-down, removal, transport and re-installation.",
                12000,
                35000,
                240,
                True,
                {"Includes": "Pump-down, new piping up to 3 m"},
            ),
            (
                "AC removal and disposal",
                "ac-removal",
                "Safe removal with refrigerant recovery and disposal.",
                5000,
                15000,
                120,
                True,
                {"Refrigerant": "Recovered, not vented"},
            ),
        ),
    ),
    (
        "Energy audits and consulting",
        "energy-audits",
        "gauge",
        "Surveys, heat-load calculations and energy audits that cut running costs.",
        (
            (
                "Heat-load survey and design",
                "heat-load-survey",
                "Site survey and a written design with equipment sizes and a budget.",
                15000,
                120000,
                180,
                True,
                {"Deliverable": "Design report and drawings"},
            ),
            (
                "HVAC energy audit",
                "hvac-energy-audit",
                "Measured consumption, findings and a payback plan for upgrades.",
                45000,
                300000,
                480,
                True,
                {"Standard": "Aligned with EPRA energy audit rules"},
            ),
            (
                "Indoor air quality assessment",
                "indoor-air-quality",
                "CO₂, humidity and particulate measurements with recommendations.",
                25000,
                90000,
                240,
                True,
                {"Measured": "CO₂, PM2.5, humidity, temperature"},
            ),
        ),
    ),
)


def seed(out) -> None:
    categories = services = 0
    for order, (name, slug, icon, description, items) in enumerate(CATALOG):
        category, made = ServiceCategory.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "icon": icon, "description": description, "order": order},
        )
        categories += made
        for item_order, (sname, sslug, summary, pmin, pmax, minutes, bookable, specs) in enumerate(
            items
        ):
            _, made = Service.objects.get_or_create(
                slug=sslug,
                defaults={
                    "category": category,
                    "name": sname,
                    "summary": summary,
                    "body": summary,
                    # Rows in the order written above (dicts keep it).
                    "specs": [{"label": label, "value": value} for label, value in specs.items()],
                    "base_price_min": Decimal(pmin),
                    "base_price_max": Decimal(pmax),
                    "visit_duration_minutes": minutes,
                    "is_bookable": bookable,
                    "order": item_order,
                },
            )
            services += made
    heroes = _attach_hero_images()
    out.write(
        f"  catalog: {categories} categories and {services} services created, "
        f"{heroes} hero images attached"
    )


def _attach_hero_images() -> int:
    """One drawn hero image per category, shared by its services that have none."""
    from apps.media.demo import demo_asset

    attached = 0
    for category in ServiceCategory.objects.filter(slug__in=[row[1] for row in CATALOG]):
        asset = demo_asset(
            f"category-{category.slug}",
            alt=f"{category.name} by Global Cool-Light technicians",
            caption=category.name,
            tags=("service",),
        )
        attached += Service.objects.filter(category=category, hero_image__isnull=True).update(
            hero_image=asset
        )
    return attached
