"""Value semantics every engine shares: integer and float operators, conversions, SIMD lanes."""
