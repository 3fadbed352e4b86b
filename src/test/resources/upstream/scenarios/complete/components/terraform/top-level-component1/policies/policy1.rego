package atmos

allow {
  true
}
