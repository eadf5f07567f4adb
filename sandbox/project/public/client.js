/* global io */
// Connects to the counter server and shows how many users are online.
const socket = io();

socket.on('user count', function (data) {
  document.getElementById('user-count').textContent = data;
});
